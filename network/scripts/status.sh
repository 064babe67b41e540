#!/usr/bin/env bash
# Print every node of the Tanji network with its pid, ports and health.
# Exit status: 0 when every node runs and its /healthz answers 200, 1 otherwise.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ok=1
printf '%-30s %-8s %-44s %s\n' NODE PID PORTS HEALTH
row() { # row <pid-name> <display name> <ops port> <ports text>
  local pid health
  if pid=$(pid_alive "$1"); then
    case "$(healthz "$3")" in
      200) health="OK" ;;
      000) health="no answer on :$3/healthz"; ok=0 ;;
      *)   health="UNHEALTHY ($(curl -s -m 3 "http://$HOST:$3/healthz" | tr -d '\n' | head -c 120))"; ok=0 ;;
    esac
  else
    pid="-"; health="not running"; ok=0
  fi
  printf '%-30s %-8s %-44s %s\n' "$2" "$pid" "$4" "$health"
}
for n in "${ORDERERS[@]}"; do
  read -r listen admin ops <<<"${ORDERER_PORTS[$n]}"
  row "$n" "$(orderer_fqdn "$n")" "$ops" "listen $listen admin $admin ops $ops"
done
for org in "${PEER_ORGS[@]}"; do
  read -r listen ccl ops ccport <<<"${PEER_PORTS[$org]}"
  row "peer-$org" "$(peer_name "$org")" "$ops" "listen $listen cc $ccl ops $ops (ccaas $ccport)"
done
# chaincode JVMs (CCaaS): healthy when their gRPC server port listens
for org in "${PEER_ORGS[@]}"; do
  read -r listen ccl ops ccport <<<"${PEER_PORTS[$org]}"
  if pid=$(pid_alive "cc-$org"); then
    if port_listening "$ccport"; then health=OK; else health="not listening on :$ccport"; ok=0; fi
  else
    pid="-"; health="not running"; ok=0
  fi
  printf '%-30s %-8s %-44s %s\n' "chaincode JVM ${ORG_MSP[$org]}" "$pid" "grpc $ccport" "$health"
done
if (( ok )); then log "all nodes healthy"; exit 0; else log "network not (fully) up"; exit 1; fi
