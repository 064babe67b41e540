# Shared definitions for the Tanji network scripts (sourced, not executed).
# The node table, ports and paths live here and nowhere else.
# shellcheck shell=bash

NET_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG_DIR="$NET_DIR/config"
RUN_DIR="$NET_DIR/.run"                 # ignored by git: crypto, blocks, ledgers, logs, pids
CRYPTO_DIR="$RUN_DIR/crypto"
RENDERED_CFG="$RUN_DIR/config"          # core.yaml / orderer.yaml with absolute paths filled in
CHANNEL_DIR="$RUN_DIR/channel"
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
STATE_DIR="$RUN_DIR/state"

FABRIC_VERSION=3.1.5
FABRIC_HOME="${TANJI_FABRIC_HOME:-$HOME/.cache/tanji/fabric-${FABRIC_VERSION}}"
FABRIC_BIN="$FABRIC_HOME/bin"
# CCaaS external builder (a dir holding bin/{detect,build,release}): the Go build from
# build-binaries.sh when present, otherwise the equivalent bash scripts kept in the repo.
if [ -x "$FABRIC_HOME/ccaas/bin/build" ]; then CCAAS_DIR="$FABRIC_HOME/ccaas"; else CCAAS_DIR="$NET_DIR/ccaas-builder"; fi

CHANNEL=tanji
HOST=127.0.0.1                          # loopback only, everywhere

ORDERER_DOMAIN=orderer.tanji.local
ORDERERS=(orderer1 orderer2 orderer3)
# name -> "listen admin operations"
declare -A ORDERER_PORTS=(
  [orderer1]="7050 7053 8443"
  [orderer2]="7150 7153 8444"
  [orderer3]="7250 7253 8445"
)

PEER_ORGS=(anhui gansu greenbank)
declare -A ORG_MSP=([anhui]=AnhuiMSP [gansu]=GansuMSP [greenbank]=GreenBankMSP)
# org -> "listen chaincode operations ccaas" (ccaas = port of that org's chaincode JVM)
declare -A PEER_PORTS=(
  [anhui]="9051 9052 9443 9053"
  [gansu]="9151 9152 9444 9153"
  [greenbank]="9251 9252 9445 9253"
)

log()  { printf '[network] %s\n' "$*"; }
die()  { printf '[network] ERROR: %s\n' "$*" >&2; exit 1; }

port_of() { # port_of <"a b c d"> <index 1..>
  local -a p; read -r -a p <<<"$1"; echo "${p[$(( $2 - 1 ))]}"
}
org_domain() { echo "$1.tanji.local"; }
peer_name()  { echo "peer0.$(org_domain "$1")"; }
orderer_fqdn() { echo "$1.$ORDERER_DOMAIN"; }

port_listening() { # true if something listens on 127.0.0.1:<port> (or any address)
  ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
}

pid_alive() { # pid_alive <name>: prints the pid if the recorded process runs our binary
  local f="$PID_DIR/$1.pid" pid
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # guard against pid reuse: the process must still be one of our Fabric/chaincode processes
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -e "$FABRIC_BIN" -e "tanji-chaincode" || return 1
  echo "$pid"
}

healthz() { # healthz <operations port>: prints the HTTP status of /healthz (000 = no answer)
  curl -s -o /dev/null -m 3 -w '%{http_code}' "http://$HOST:$1/healthz" 2>/dev/null || true
}

wait_until() { # wait_until <seconds> <what> <command...>: bounded poll, 0.5 s steps
  local limit=$1 what=$2; shift 2
  local deadline=$(( SECONDS + limit ))
  log "waiting for $what (up to ${limit}s)"
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS >= deadline )); then
      log "gave up waiting for $what after ${limit}s"; return 1
    fi
    sleep 0.5
  done
}

is_healthy() { [ "$(healthz "$1")" = 200 ]; }

# Environment for running the `peer` CLI as an organisation's admin against its own peer.
peer_admin_env() { # peer_admin_env <org>  (exports into the current shell)
  local org=$1 dom; dom=$(org_domain "$org")
  export FABRIC_CFG_PATH="$RENDERED_CFG"
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_LOCALMSPID="${ORG_MSP[$org]}"
  export CORE_PEER_ADDRESS="$HOST:$(port_of "${PEER_PORTS[$org]}" 1)"
  export CORE_PEER_TLS_ROOTCERT_FILE="$CRYPTO_DIR/peerOrganizations/$dom/peers/$(peer_name "$org")/tls/ca.crt"
  export CORE_PEER_MSPCONFIGPATH="$CRYPTO_DIR/peerOrganizations/$dom/users/Admin@$dom/msp"
  export FABRIC_LOGGING_SPEC=WARNING
}

orderer_tls_ca() { echo "$CRYPTO_DIR/ordererOrganizations/$ORDERER_DOMAIN/tlsca/tlsca.$ORDERER_DOMAIN-cert.pem"; }

all_ports() { # every port the network uses, one per line
  local n o
  for n in "${ORDERERS[@]}"; do tr ' ' '\n' <<<"${ORDERER_PORTS[$n]}"; done
  for o in "${PEER_ORGS[@]}"; do tr ' ' '\n' <<<"${PEER_PORTS[$o]}"; done
}
