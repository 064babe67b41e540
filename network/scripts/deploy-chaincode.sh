#!/usr/bin/env bash
# Deploy the Java chaincode (chaincode/) as a service (CCaaS) on the running Tanji network:
# package -> install on the 3 peers -> start one chaincode JVM per organisation ->
# approveformyorg x3 -> checkcommitreadiness -> commit -> querycommitted.
# Idempotent: every step checks whether it was already done.
# UNTESTED against real peers (no Fabric binaries could be built here): see network/README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CC_NAME=tanji
CC_VERSION=1.0
CC_SEQUENCE=1
CC_LABEL="${CC_NAME}_${CC_VERSION}"
# Endorsement policy: any 2 of the 3 organisations (see network/README.md for why).
CC_POLICY="OutOf(2,'AnhuiMSP.peer','GansuMSP.peer','GreenBankMSP.peer')"
ROOT="$(cd "$NET_DIR/.." && pwd)"
CC_JAR="$ROOT/chaincode/target/tanji-chaincode-0.1.0-SNAPSHOT.jar"
PKG_DIR="$RUN_DIR/chaincode"
PKG="$PKG_DIR/$CC_LABEL.tar.gz"

export PATH="$FABRIC_BIN:$PATH"
osnadmin() { timeout 30 "$FABRIC_BIN/osnadmin" "$@"; }
peer()     { timeout 120 "$FABRIC_BIN/peer" "$@"; }
mkdir -p "$PKG_DIR" "$LOG_DIR" "$PID_DIR"

ORDERER_ADDR="$HOST:$(port_of "${ORDERER_PORTS[orderer1]}" 1)"
ORDERER_CA="$(orderer_tls_ca)"

# --- 1. CCaaS package (made once: its sha256 is the package id) -----------------------------
if [ ! -s "$PKG" ]; then
  log "packaging $CC_LABEL for chaincode-as-a-service"
  tmp=$(mktemp -d)
  # {{.ccport}} is filled by the CCaaS builder from each peer's CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG
  printf '{"address":"%s:{{.ccport}}","dial_timeout":"10s","tls_required":false}\n' "$HOST" >"$tmp/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$CC_LABEL" >"$tmp/metadata.json"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$tmp" -czf "$tmp/code.tar.gz" connection.json
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$tmp" -czf "$PKG" metadata.json code.tar.gz
  rm -rf "$tmp"
fi
PACKAGE_ID="$CC_LABEL:$(sha256sum "$PKG" | cut -d' ' -f1)"
log "package id $PACKAGE_ID"

# --- 2. install on every peer ---------------------------------------------------------------
for org in "${PEER_ORGS[@]}"; do
  (
    peer_admin_env "$org"
    out=$(peer lifecycle chaincode queryinstalled 2>/dev/null || true)
    if grep -qF "$PACKAGE_ID" <<<"$out"; then
      log "$org: package already installed"
    else
      log "$org: installing $CC_LABEL"
      peer lifecycle chaincode install "$PKG" >"$LOG_DIR/cc-install-$org.log" 2>&1 \
        || { cat "$LOG_DIR/cc-install-$org.log" >&2; die "install failed on $org"; }
    fi
  )
done

# --- 3. one chaincode JVM per organisation ---------------------------------------------------
if [ ! -s "$CC_JAR" ]; then
  log "building the chaincode jar (./mvnw -pl chaincode package)"
  (cd "$ROOT" && ./mvnw -q -pl chaincode -am package -DskipTests) || die "chaincode build failed"
fi
CP_FILE="$PKG_DIR/classpath.txt"
if [ ! -s "$CP_FILE" ] || [ "$ROOT/chaincode/pom.xml" -nt "$CP_FILE" ]; then
  (cd "$ROOT" && ./mvnw -q -pl chaincode dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$CP_FILE") || die "could not compute the chaincode classpath"
fi
CP="$CC_JAR:$(cat "$CP_FILE")"
for org in "${PEER_ORGS[@]}"; do
  read -r listen ccl ops ccport <<<"${PEER_PORTS[$org]}"
  if pid=$(pid_alive "cc-$org"); then log "chaincode JVM of $org already running (pid $pid)"; continue; fi
  port_listening "$ccport" && die "port $ccport (chaincode server of $org) is in use by another process"
  (
    # Plain-text gRPC server bound to loopback (the shim's TLS server needs extra client paths).
    export CHAINCODE_SERVER_ADDRESS="$HOST:$ccport"
    export CORE_CHAINCODE_ID_NAME="$PACKAGE_ID"      # must equal the package id exactly
    export CORE_PEER_LOCALMSPID="${ORG_MSP[$org]}"   # what stub.getMspId() returns
    export CORE_PEER_TLS_ENABLED=false
    setsid nohup java -Xmx256m -XX:+UseSerialGC -cp "$CP" org.hyperledger.fabric.contract.ContractRouter \
      >>"$LOG_DIR/cc-$org.log" 2>&1 </dev/null &
    echo $! >"$PID_DIR/cc-$org.pid"
    log "started chaincode JVM of $org (pid $!, port $ccport, log $LOG_DIR/cc-$org.log)"
  )
done
for org in "${PEER_ORGS[@]}"; do
  ccport=$(port_of "${PEER_PORTS[$org]}" 4)
  wait_until 60 "chaincode JVM of $org to listen on $HOST:$ccport" port_listening "$ccport" \
    || { tail -20 "$LOG_DIR/cc-$org.log" >&2; die "chaincode JVM of $org did not start"; }
done

# --- 4. lifecycle: approve per org, commit once ---------------------------------------------
common=(--channelID "$CHANNEL" --name "$CC_NAME" --version "$CC_VERSION" --sequence "$CC_SEQUENCE"
        --signature-policy "$CC_POLICY")
orderer_args=(-o "$ORDERER_ADDR" --tls --cafile "$ORDERER_CA")

committed() { ( peer_admin_env anhui; out=$(peer lifecycle chaincode querycommitted --channelID "$CHANNEL" --name "$CC_NAME" 2>/dev/null) && grep -q "Sequence: $CC_SEQUENCE" <<<"$out" ); }
if committed; then
  log "chaincode $CC_NAME sequence $CC_SEQUENCE already committed on '$CHANNEL'"
else
  for org in "${PEER_ORGS[@]}"; do
    (
      peer_admin_env "$org"
      msp="${ORG_MSP[$org]}"
      ready=$(peer lifecycle chaincode checkcommitreadiness "${common[@]}" --output json 2>/dev/null || true)
      if jq -e --arg m "$msp" '.approvals[$m] == true' <<<"$ready" >/dev/null 2>&1; then
        log "$org: definition already approved"
      else
        log "$org: approveformyorg"
        peer lifecycle chaincode approveformyorg "${orderer_args[@]}" "${common[@]}" --package-id "$PACKAGE_ID" \
          --waitForEventTimeout 60s >"$LOG_DIR/cc-approve-$org.log" 2>&1 \
          || { cat "$LOG_DIR/cc-approve-$org.log" >&2; die "approve failed for $org"; }
      fi
    )
  done
  all_approved() { ( peer_admin_env anhui; out=$(peer lifecycle chaincode checkcommitreadiness "${common[@]}" --output json 2>/dev/null) && jq -e '[.approvals[]] | all' <<<"$out" ); }
  wait_until 60 "all 3 approvals to be visible (checkcommitreadiness)" all_approved || die "approvals incomplete"
  peer_args=()
  for org in "${PEER_ORGS[@]}"; do
    dom=$(org_domain "$org")
    peer_args+=(--peerAddresses "$HOST:$(port_of "${PEER_PORTS[$org]}" 1)"
                --tlsRootCertFiles "$CRYPTO_DIR/peerOrganizations/$dom/peers/$(peer_name "$org")/tls/ca.crt")
  done
  log "committing $CC_NAME $CC_VERSION (sequence $CC_SEQUENCE) on '$CHANNEL'"
  ( peer_admin_env anhui
    peer lifecycle chaincode commit "${orderer_args[@]}" "${common[@]}" "${peer_args[@]}" \
      --waitForEventTimeout 60s >"$LOG_DIR/cc-commit.log" 2>&1 ) \
    || { cat "$LOG_DIR/cc-commit.log" >&2; die "commit failed"; }
  wait_until 60 "the chaincode definition to be committed" committed || die "commit not visible"
fi
log "chaincode $CC_NAME is deployed (package $PACKAGE_ID, policy $CC_POLICY)"
