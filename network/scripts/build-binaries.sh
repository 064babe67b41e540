#!/usr/bin/env bash
# Build the Fabric v3.1.5 binaries (and the CCaaS external builder) from the Go module proxy,
# into a cache outside the repo. Skips every tool that is already present.
set -euo pipefail

FABRIC_COMMIT=86c1172bec37e6590c6b1ae6f847833df48d65fc   # = v3.1.5 (module path has no /v3)
FABRIC_VERSION=3.1.5
CACHE="${TANJI_FABRIC_HOME:-$HOME/.cache/tanji/fabric-${FABRIC_VERSION}}"
BIN="$CACHE/bin"
CCAAS_BIN="$CACHE/ccaas/bin"
TOOLS=(configtxgen configtxlator cryptogen osnadmin orderer peer)
CCAAS_TOOLS=(detect build release)

export PATH="/usr/local/go/bin:$PATH"
command -v go >/dev/null || { echo "go not found (need >= 1.26.4)" >&2; exit 1; }
GOV=$(go env GOVERSION); GOV=${GOV#go}
if [ "$(printf '%s\n%s\n' 1.26.4 "$GOV" | sort -V | head -1)" != 1.26.4 ]; then
  echo "go $GOV is too old: Fabric $FABRIC_VERSION needs go >= 1.26.4" >&2; exit 1
fi
mkdir -p "$BIN" "$CCAAS_BIN"
export CGO_ENABLED=0
LDFLAGS="-X github.com/hyperledger/fabric/common/metadata.Version=${FABRIC_VERSION}"

t_all=$(date +%s)
errf=$(mktemp); trap 'rm -f "$errf"' EXIT

# Offline alternative: the official release archive has bin/{peer,orderer,configtxgen,...}.
if [ -n "${TANJI_FABRIC_TARBALL:-}" ]; then
  echo "[build] unpacking $TANJI_FABRIC_TARBALL into $CACHE"
  tmp=$(mktemp -d)
  tar -xzf "$TANJI_FABRIC_TARBALL" -C "$tmp"
  for t in "${TOOLS[@]}"; do [ -x "$tmp/bin/$t" ] && cp -n "$tmp/bin/$t" "$BIN/"; done
  # recent release archives also carry the CCaaS builder under builders/ccaas/bin
  for t in "${CCAAS_TOOLS[@]}"; do [ -x "$tmp/builders/ccaas/bin/$t" ] && cp -n "$tmp/builders/ccaas/bin/$t" "$CCAAS_BIN/"; done
  rm -rf "$tmp"
fi
build() { # build <gobin> <package>
  local gobin=$1 pkg=$2 name=${2##*/} t0
  if [ -x "$gobin/$name" ]; then echo "[build] $name: already present, skipped"; return; fi
  echo "[build] $name: go install $pkg@$FABRIC_COMMIT ..."
  t0=$(date +%s)
  if ! GOBIN="$gobin" go install -ldflags "$LDFLAGS" "$pkg@$FABRIC_COMMIT" 2>"$errf"; then
    cat "$errf" >&2
    if grep -q -e '403 Forbidden' -e 'not available' "$errf"; then
      echo "[build] the Go module proxy ($(go env GOPROXY)) refuses github.com/hyperledger/fabric at" >&2
      echo "[build] $FABRIC_COMMIT. Alternatives: set GOPROXY to a proxy that serves it, or unpack the" >&2
      echo "[build] official release archive (hyperledger-fabric-linux-amd64-${FABRIC_VERSION}.tar.gz) with" >&2
      echo "[build]   TANJI_FABRIC_TARBALL=/path/to/archive $0" >&2
    fi
    exit 1
  fi
  echo "[build] $name: done in $(( $(date +%s) - t0 ))s"
}
for t in "${TOOLS[@]}"; do build "$BIN" "github.com/hyperledger/fabric/cmd/$t"; done
for t in "${CCAAS_TOOLS[@]}"; do build "$CCAAS_BIN" "github.com/hyperledger/fabric/ccaas_builder/cmd/$t"; done
echo "[build] all binaries present in $CACHE ($(( $(date +%s) - t_all ))s total)"
"$BIN/peer" version | head -3 || true
