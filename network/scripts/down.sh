#!/usr/bin/env bash
# Stop every process of the Tanji network (by recorded pid) and wait until all its ports are free.
#   --purge   also delete network/.run (crypto material, genesis block, ledgers, logs)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PURGE=0
for a in "$@"; do
  case "$a" in
    --purge) PURGE=1 ;;
    *) die "unknown option: $a (usage: down.sh [--purge])" ;;
  esac
done

stopped=0
stop_group() { # stop_group <pid-file prefix>: SIGTERM all of them, wait (bounded), SIGKILL stragglers
  local prefix=$1 f name pid t_stop deadline
  local -a names=() pids=()
  for f in "$PID_DIR/$prefix"*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    if pid=$(pid_alive "$name"); then
      log "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      names+=("$name"); pids+=("$pid")
    fi
    rm -f "$f"
  done
  (( ${#pids[@]} )) || return 0
  t_stop=$SECONDS; deadline=$(( SECONDS + 20 ))
  alive() { local p; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
  while alive && (( SECONDS < deadline )); do sleep 0.2; done
  if alive; then
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null && { log "pid $pid did not stop within 20s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
    done
    deadline=$(( SECONDS + 5 )); while alive && (( SECONDS < deadline )); do sleep 0.2; done
  fi
  log "stopped ${names[*]} in $(( SECONDS - t_stop ))s"
  stopped=$(( stopped + ${#pids[@]} ))
}
if [ -d "$PID_DIR" ]; then
  stop_group cc-        # chaincode JVMs first,
  stop_group peer-      # then the peers,
  stop_group orderer    # then the ordering service
fi
log "stopped $stopped process(es)"

ports_free() { local p; for p in $(all_ports); do port_listening "$p" && return 1; done; return 0; }
if ! wait_until 30 "all network ports to be free ($(all_ports | tr '\n' ' '))" ports_free; then
  for p in $(all_ports); do port_listening "$p" && log "port $p is still in use: $(ss -Hltnp "sport = :$p" | head -1)"; done
  exit 1
fi

if (( PURGE )); then
  log "purging $RUN_DIR (crypto, genesis block, ledgers, logs)"
  rm -rf "$RUN_DIR"
fi
log "network down"
