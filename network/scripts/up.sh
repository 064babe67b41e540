#!/usr/bin/env bash
# Start the Tanji Fabric network natively: 3 Raft orderers, 3 peers (Anhui, Gansu, GreenBank),
# channel `tanji`. Idempotent: nodes already running are left alone, steps already done are
# skipped. Everything generated goes under network/.run/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

T0=$SECONDS
step() { log "[$(( SECONDS - T0 ))s] $*"; }

# --- 1. binaries ---------------------------------------------------------------------------
need=(peer orderer configtxgen cryptogen osnadmin)
missing=0
for b in "${need[@]}"; do [ -x "$FABRIC_BIN/$b" ] || missing=1; done
if (( missing )); then
  step "Fabric binaries missing in $FABRIC_HOME: building them (one-off, several minutes)"
  mkdir -p "$RUN_DIR"
  "$NET_DIR/scripts/build-binaries.sh" 2>&1 | tee "$RUN_DIR/build-binaries.log" \
    || die "building the Fabric binaries failed (see $RUN_DIR/build-binaries.log)"
fi
for b in "${need[@]}"; do [ -x "$FABRIC_BIN/$b" ] || die "missing $FABRIC_BIN/$b"; done
export PATH="$FABRIC_BIN:$PATH"
# CLI calls are bounded too: a node that accepts a connection but never answers must not hang us.
osnadmin() { timeout 30 "$FABRIC_BIN/osnadmin" "$@"; }
peer()     { timeout 60 "$FABRIC_BIN/peer" "$@"; }

mkdir -p "$RUN_DIR" "$RENDERED_CFG" "$CHANNEL_DIR" "$LOG_DIR" "$PID_DIR" "$STATE_DIR"

# --- 2. configuration: core.yaml needs the absolute path of the CCaaS builder ---------------
sed "s#__CCAAS_BUILDER_DIR__#$CCAAS_DIR#" "$CONFIG_DIR/core.yaml" >"$RENDERED_CFG/core.yaml"
cp "$CONFIG_DIR/orderer.yaml" "$RENDERED_CFG/orderer.yaml"

# --- 3. crypto material (once) --------------------------------------------------------------
if [ ! -d "$CRYPTO_DIR/peerOrganizations" ]; then
  step "generating crypto material with cryptogen"
  cryptogen generate --config="$CONFIG_DIR/crypto-config.yaml" --output="$CRYPTO_DIR" >/dev/null
else
  step "crypto material present ($CRYPTO_DIR)"
fi

# --- 4. channel genesis block (once) --------------------------------------------------------
BLOCK="$CHANNEL_DIR/$CHANNEL.block"
if [ ! -s "$BLOCK" ]; then
  step "creating the genesis block of channel '$CHANNEL' with configtxgen"
  FABRIC_CFG_PATH="$CONFIG_DIR" configtxgen -configPath "$CONFIG_DIR" -profile TanjiChannel \
    -channelID "$CHANNEL" -outputBlock "$BLOCK" 2>"$LOG_DIR/configtxgen.log" \
    || { cat "$LOG_DIR/configtxgen.log" >&2; die "configtxgen failed"; }
else
  step "genesis block present ($BLOCK)"
fi

start_node() { # start_node <name> <binary> <log> : environment already exported by caller (subshell)
  local name=$1 bin=$2 logf=$3 pid
  setsid nohup "$bin" ${4:+"$4"} ${5:+"$5"} >>"$logf" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_DIR/$name.pid"
  log "started $name (pid $pid, log $logf)"
}

check_ports_free() { # check_ports_free <name> <ports...>
  local name=$1 p; shift
  for p in "$@"; do
    port_listening "$p" && die "port $p needed by $name is already in use by another process (see: ss -ltnp 'sport = :$p')"
  done
  return 0
}

# --- 5. orderers ----------------------------------------------------------------------------
for n in "${ORDERERS[@]}"; do
  read -r listen admin ops <<<"${ORDERER_PORTS[$n]}"
  if pid=$(pid_alive "$n"); then step "$n already running (pid $pid)"; continue; fi
  check_ports_free "$n" "$listen" "$admin" "$ops"
  dir="$CRYPTO_DIR/ordererOrganizations/$ORDERER_DOMAIN/orderers/$(orderer_fqdn "$n")"
  data="$STATE_DIR/$n"; mkdir -p "$data"
  (
    export FABRIC_CFG_PATH="$RENDERED_CFG"
    export FABRIC_LOGGING_SPEC="${TANJI_FABRIC_LOGGING:-INFO}"
    export ORDERER_GENERAL_LISTENADDRESS=$HOST ORDERER_GENERAL_LISTENPORT=$listen
    export ORDERER_GENERAL_LOCALMSPID=OrdererMSP ORDERER_GENERAL_LOCALMSPDIR="$dir/msp"
    export ORDERER_GENERAL_TLS_ENABLED=true
    export ORDERER_GENERAL_TLS_PRIVATEKEY="$dir/tls/server.key"
    export ORDERER_GENERAL_TLS_CERTIFICATE="$dir/tls/server.crt"
    export ORDERER_GENERAL_TLS_ROOTCAS="$dir/tls/ca.crt"
    export ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$dir/tls/server.crt"
    export ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$dir/tls/server.key"
    export ORDERER_GENERAL_BOOTSTRAPMETHOD=none
    export ORDERER_CHANNELPARTICIPATION_ENABLED=true
    export ORDERER_FILELEDGER_LOCATION="$data/ledger"
    export ORDERER_CONSENSUS_WALDIR="$data/etcdraft/wal"
    export ORDERER_CONSENSUS_SNAPDIR="$data/etcdraft/snapshot"
    export ORDERER_OPERATIONS_LISTENADDRESS="$HOST:$ops"
    export ORDERER_ADMIN_LISTENADDRESS="$HOST:$admin"
    start_node "$n" "$FABRIC_BIN/orderer" "$LOG_DIR/$n.log"
  )
done
for n in "${ORDERERS[@]}"; do
  read -r listen admin ops <<<"${ORDERER_PORTS[$n]}"
  wait_until 60 "$n health (http://$HOST:$ops/healthz)" is_healthy "$ops" \
    || { tail -20 "$LOG_DIR/$n.log" >&2; die "$n did not become healthy"; }
done

# --- 6. orderers join the channel (osnadmin; Fabric v3 has no system channel) ---------------
for n in "${ORDERERS[@]}"; do
  read -r listen admin ops <<<"${ORDERER_PORTS[$n]}"
  out=$(osnadmin channel list --channelID "$CHANNEL" -o "$HOST:$admin" 2>&1 || true)
  if grep -q "\"name\": *\"$CHANNEL\"" <<<"$out"; then
    step "$n already a member of '$CHANNEL'"
  else
    step "$n joins '$CHANNEL' (osnadmin channel join)"
    # osnadmin exits 0 even on an HTTP error: success is "Status: 201"
    osnadmin channel join --channelID "$CHANNEL" --config-block "$BLOCK" -o "$HOST:$admin" >"$LOG_DIR/osnadmin-$n.log" 2>&1 || true
    grep -q '^Status: 201' "$LOG_DIR/osnadmin-$n.log" \
      || { cat "$LOG_DIR/osnadmin-$n.log" >&2; die "osnadmin channel join on $n failed"; }
  fi
done
raft_active() { # every orderer reports status active for the channel
  local n listen admin ops out
  for n in "${ORDERERS[@]}"; do
    read -r listen admin ops <<<"${ORDERER_PORTS[$n]}"
    out=$(osnadmin channel list --channelID "$CHANNEL" -o "$HOST:$admin" 2>/dev/null) || return 1
    grep -q '"status": *"active"' <<<"$out" || return 1
  done
}
wait_until 90 "Raft cluster of '$CHANNEL' to become active on all 3 orderers" raft_active \
  || die "the ordering service did not become active (logs: $LOG_DIR/orderer*.log)"

# --- 7. peers -------------------------------------------------------------------------------
for org in "${PEER_ORGS[@]}"; do
  read -r listen ccl ops ccport <<<"${PEER_PORTS[$org]}"
  name=$(peer_name "$org")
  if pid=$(pid_alive "peer-$org"); then step "$name already running (pid $pid)"; continue; fi
  check_ports_free "$name" "$listen" "$ccl" "$ops"
  dir="$CRYPTO_DIR/peerOrganizations/$(org_domain "$org")/peers/$name"
  data="$STATE_DIR/peer-$org"; mkdir -p "$data"
  (
    export FABRIC_CFG_PATH="$RENDERED_CFG"
    export FABRIC_LOGGING_SPEC="${TANJI_FABRIC_LOGGING:-INFO}"
    export CORE_VM_ENDPOINT=                      # no Docker: empty wins over core.yaml
    export CORE_PEER_ID="$name"
    export CORE_PEER_LOCALMSPID="${ORG_MSP[$org]}"
    export CORE_PEER_MSPCONFIGPATH="$dir/msp"
    export CORE_PEER_ADDRESS="$HOST:$listen" CORE_PEER_LISTENADDRESS="$HOST:$listen"
    export CORE_PEER_CHAINCODEADDRESS="$HOST:$ccl" CORE_PEER_CHAINCODELISTENADDRESS="$HOST:$ccl"
    export CORE_PEER_GOSSIP_BOOTSTRAP="$HOST:$listen"           # itself: one peer per org
    export CORE_PEER_GOSSIP_EXTERNALENDPOINT="$HOST:$listen"    # needed by discovery / gateway
    export CORE_PEER_TLS_ENABLED=true
    export CORE_PEER_TLS_CERT_FILE="$dir/tls/server.crt"
    export CORE_PEER_TLS_KEY_FILE="$dir/tls/server.key"
    export CORE_PEER_TLS_ROOTCERT_FILE="$dir/tls/ca.crt"
    export CORE_PEER_FILESYSTEMPATH="$data/production"
    export CORE_LEDGER_SNAPSHOTS_ROOTDIR="$data/snapshots"
    export CORE_OPERATIONS_LISTENADDRESS="$HOST:$ops"
    export CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG="{\"ccport\":\"$ccport\"}"
    start_node "peer-$org" "$FABRIC_BIN/peer" "$LOG_DIR/peer-$org.log" node start
  )
done
for org in "${PEER_ORGS[@]}"; do
  read -r listen ccl ops ccport <<<"${PEER_PORTS[$org]}"
  wait_until 60 "$(peer_name "$org") health (http://$HOST:$ops/healthz)" is_healthy "$ops" \
    || { tail -20 "$LOG_DIR/peer-$org.log" >&2; die "$(peer_name "$org") did not become healthy"; }
done

# --- 8. peers join the channel, each as its organisation's admin ----------------------------
for org in "${PEER_ORGS[@]}"; do
  (
    peer_admin_env "$org"
    out=$(peer channel list 2>/dev/null || true)
    if grep -qx "$CHANNEL" <<<"$out"; then
      log "$(peer_name "$org") already joined '$CHANNEL'"
    else
      log "$(peer_name "$org") joins '$CHANNEL' as Admin@$(org_domain "$org")"
      peer channel join -b "$BLOCK" >"$LOG_DIR/join-$org.log" 2>&1 \
        || { cat "$LOG_DIR/join-$org.log" >&2; die "peer channel join failed for $org"; }
    fi
  )
done
channel_height_ok() { ( peer_admin_env "$1"; out=$(peer channel getinfo -c "$CHANNEL" 2>/dev/null) && grep -q '"height":' <<<"$out" ); }
for org in "${PEER_ORGS[@]}"; do
  wait_until 60 "$(peer_name "$org") to receive blocks of '$CHANNEL' from the orderers" channel_height_ok "$org" \
    || die "$(peer_name "$org") has no ledger for '$CHANNEL' (log: $LOG_DIR/peer-$org.log)"
done

# --- 9. chaincode as a service: package, install, JVMs, approve, commit ----------------------
if [ "${TANJI_SKIP_CHAINCODE:-0}" = 1 ]; then
  step "TANJI_SKIP_CHAINCODE=1: chaincode deployment skipped"
else
  step "deploying the chaincode (network/scripts/deploy-chaincode.sh)"
  "$NET_DIR/scripts/deploy-chaincode.sh"
fi
step "network up: 3 orderers, 3 peers, channel '$CHANNEL' (total $(( SECONDS - T0 ))s)"
"$NET_DIR/scripts/status.sh" || true
