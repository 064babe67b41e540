package org.tanji.gateway.security;

import org.springframework.stereotype.Component;
import org.tanji.gateway.config.TanjiProperties;
import org.tanji.gateway.ledger.LedgerIdentity;

/**
 * The gateway's own ledger identity, used for public read-only queries (label scans) that have no
 * client behind them. It holds no role, so the chaincode lets it read and nothing more.
 */
@Component
public class ReaderIdentity {
    public static final String CLIENT_ID = "tanji-gateway-reader";
    private final LocalMsp msp;
    private final String mspId;

    public ReaderIdentity(LocalMsp msp, TanjiProperties properties) {
        this.msp = msp;
        this.mspId = properties.organisations().get(0).mspId();
    }

    public LedgerIdentity identity() {
        return msp.identity(mspId, CLIENT_ID, "reader");
    }
}
