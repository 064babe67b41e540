package org.tanji.gateway.ledger;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tanji.gateway.config.TanjiProperties;
import org.tanji.gateway.ledger.embedded.Durability;
import org.tanji.gateway.ledger.embedded.EmbeddedLedger;
import org.tanji.gateway.ledger.embedded.EmbeddedLedgerConfig;
import org.tanji.gateway.security.LocalMsp;

/**
 * Chooses the ledger adapter. Only here does the gateway know which one runs; every other part
 * sees the {@link Ledger} port.
 */
@Configuration
public class LedgerConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerConfiguration.class);

    @Bean
    LocalMsp localMsp(TanjiProperties properties) {
        return new LocalMsp(properties.dataDir().resolve("crypto"));
    }

    @Bean(destroyMethod = "close")
    EmbeddedLedger embeddedLedger(TanjiProperties properties, LocalMsp msp,
                                  org.springframework.beans.factory.ObjectProvider<org.tanji.gateway.store.MongoEndpoint> store) {
        if (!"embedded".equals(properties.ledger())) {
            throw new IllegalStateException("tanji.ledger=" + properties.ledger()
                    + " is not available yet; only the embedded ledger is (the Fabric adapter is issue 3)");
        }
        Map<String, X509Certificate> roots = new LinkedHashMap<>();
        properties.organisations().forEach(o -> roots.put(o.mspId(), msp.rootCertificate(o.mspId())));
        long started = System.nanoTime();
        EmbeddedLedger ledger = EmbeddedLedger.open(new EmbeddedLedgerConfig(properties.dataDir().resolve("ledger"),
                properties.channel(), properties.chaincodeName(), roots, Durability.GROUP_COMMIT,
                EmbeddedLedgerConfig.DEFAULT_MAX_BATCH));
        LOG.info("embedded ledger open at height {} in {} ms", ledger.height(), (System.nanoTime() - started) / 1_000_000);
        // Both in this process: the store commits its document puts once per block, just before
        // the block is written, instead of once per put (EmbeddedMongo#deferDocumentInserts).
        store.ifAvailable(endpoint -> endpoint.embedded().ifPresent(mongo -> {
            ledger.beforeEachBlockWrite(mongo::sync);
            mongo.deferDocumentInserts();
        }));
        return ledger;
    }
}
