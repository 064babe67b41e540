#!/usr/bin/env bash
# Builds FerretDB v1.24.0 (SQLite backend) from the Go module proxy into a cache outside the repo,
# once. The store tests start it as a real MongoDB-wire server.
#
# Why not plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.0`: it asks the proxy
# for the module's version list to look for deprecations, which the proxy here refuses, and the
# binary it makes panics at start because the module zip lacks the generated
# build/version/version.txt. So: download that exact version, add version.txt, build cmd/ferretdb.
set -euo pipefail
VERSION=v1.24.0
CACHE="${TANJI_CACHE_DIR:-$HOME/.cache/tanji}/ferretdb-${VERSION#v}"
BIN="$CACHE/bin/ferretdb"

if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; then
  echo "$BIN"
  exit 0
fi
command -v go >/dev/null || { echo "ferretdb: Go is needed to build FerretDB $VERSION" >&2; exit 1; }

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
echo "ferretdb: building FerretDB $VERSION into $CACHE (once; about 2 minutes)" >&2
(cd "$work" && go mod init tanji.local/ferretdb-build >/dev/null 2>&1)
dir=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$VERSION" \
  | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$dir" ] || { echo "ferretdb: could not download github.com/FerretDB/FerretDB@$VERSION" >&2; exit 1; }
cp -r "$dir" "$work/src"
chmod -R u+w "$work/src"
echo "$VERSION" > "$work/src/build/version/version.txt"
mkdir -p "$CACHE/bin"
(cd "$work/src" && GOFLAGS=-mod=mod go build -trimpath -buildvcs=false -o "$BIN.tmp" ./cmd/ferretdb)
mv "$BIN.tmp" "$BIN"
"$BIN" --version >&2
echo "$BIN"
