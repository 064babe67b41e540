#!/usr/bin/env bash
# Exercises up.sh / status.sh / down.sh / deploy-chaincode.sh against FAKE Fabric binaries
# (network/test/fake-fabric/bin: they listen on the right ports and answer /healthz, nothing
# more). It checks the scripts' own logic: ordering, idempotence, pid files, restart of a dead
# node, port checks, clean shutdown. The chaincode JVMs it starts are real.
# It proves nothing about Fabric itself. Refuses to run while a network is up.
set -euo pipefail
NET="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TANJI_FABRIC_HOME="$NET/test/fake-fabric"
export FAKE_FABRIC_STATE="$NET/.run/fake-state"
fail() { echo "FAIL: $*" >&2; "$NET/scripts/down.sh" >/dev/null 2>&1 || true; exit 1; }

if "$NET/scripts/status.sh" 2>/dev/null | grep -qE '^[^ ]+ +[0-9]+ '; then
  echo "a network is running: stop it first (./tanji network down)" >&2; exit 2
fi
rm -rf "$NET/.run"
t=$SECONDS; "$NET/scripts/up.sh" >/tmp/tanji-fake-up1.log 2>&1 || fail "first up (log /tmp/tanji-fake-up1.log)"
echo "ok   first up ($(( SECONDS - t ))s)"
"$NET/scripts/status.sh" >/dev/null || fail "status after up"
echo "ok   status reports all healthy"
t=$SECONDS; "$NET/scripts/up.sh" >/tmp/tanji-fake-up2.log 2>&1 || fail "second up"
[ "$(grep -c 'already' /tmp/tanji-fake-up2.log)" -ge 12 ] || fail "second up redid work"
echo "ok   second up is a no-op ($(( SECONDS - t ))s)"
kill "$(cat "$NET/.run/pids/orderer2.pid")"; sleep 1
"$NET/scripts/status.sh" >/dev/null && fail "status did not notice a dead orderer"
"$NET/scripts/up.sh" >/tmp/tanji-fake-up3.log 2>&1 || fail "up after orderer loss"
grep -q 'started orderer2' /tmp/tanji-fake-up3.log || fail "orderer2 not restarted"
echo "ok   up restarts a dead node only"
t=$SECONDS; "$NET/scripts/down.sh" >/dev/null || fail "down"
echo "ok   down ($(( SECONDS - t ))s)"
for f in "$NET"/.run/pids/*.pid; do [ -e "$f" ] && fail "pid file left: $f"; done
pgrep -f "$TANJI_FABRIC_HOME/bin|tanji-chaincode" >/dev/null && fail "processes left behind"
echo "ok   no process, no pid file left"
"$NET/scripts/down.sh" --purge >/dev/null || fail "down --purge"
[ ! -e "$NET/.run" ] || fail ".run not purged"
echo "ok   down --purge removes network/.run"
echo "PASS"
