package org.tanji.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code tanji.*} setting, bound from {@code application.yml} and {@code TANJI_*}
 * environment variables (e.g. {@code TANJI_DATA_DIR}, {@code TANJI_PUBLIC_BASE_URL}).
 *
 * @param dataDir where the ledger, the embedded store, keys and demo clients live
 * @param publicBaseUrl the base of URLs printed on labels and QR codes
 * @param ledger {@code embedded} (default) or {@code fabric}
 * @param demo seed a demo registry on start
 * @param tokenTtl lifetime of access tokens
 * @param publicRateLimit requests per second allowed per client address on public endpoints; 0 turns the
 *     limit off
 * @param channel the channel name the chaincode runs on
 * @param organisations the peer organisations of the registry network
 */
@ConfigurationProperties(prefix = "tanji")
public record TanjiProperties(
        Path dataDir,
        String publicBaseUrl,
        String ledger,
        boolean demo,
        Duration tokenTtl,
        int publicRateLimit,
        String channel,
        String chaincodeName,
        List<Organisation> organisations) {

    /** A peer organisation: MSP id, display name, and the region it registers for. */
    public record Organisation(String mspId, String name, String region) {
    }

    public TanjiProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        ledger = ledger == null ? "embedded" : ledger;
        tokenTtl = tokenTtl == null ? Duration.ofHours(1) : tokenTtl;
        if (publicRateLimit < 0) {
            throw new IllegalArgumentException("tanji.public-rate-limit (TANJI_PUBLIC_RATE_LIMIT) must be 0 (no limit) or a"
                    + " number of requests per second per address; got " + publicRateLimit);
        }
        channel = channel == null ? "tanji" : channel;
        chaincodeName = chaincodeName == null ? "tanji" : chaincodeName;
        organisations = organisations == null || organisations.isEmpty() ? List.of(
                new Organisation("AnhuiMSP", "Anhui carbon-footprint registry", "CN-AH"),
                new Organisation("GansuMSP", "Gansu carbon-footprint registry", "CN-GS"),
                new Organisation("GreenBankMSP", "Green credit bank", "CN")) : List.copyOf(organisations);
    }

    public Organisation organisation(String mspId) {
        return organisations.stream().filter(o -> o.mspId().equals(mspId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown organisation " + mspId));
    }
}
