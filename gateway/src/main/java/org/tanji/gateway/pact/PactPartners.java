package org.tanji.gateway.pact;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.tanji.chaincode.support.CanonicalJson;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The partners we send PACT events to, from the file {@code TANJI_PACT_PARTNERS}: for each, the client id
 * it calls us with, the base URL of its PACT API, and the client credentials we use at its token endpoint.
 *
 * <p>A partner's registered host is what "validate the source host" means: an event a registered partner
 * posts must name, as its CloudEvents {@code source}, a URI on that host; and we send answers only to the
 * registered base URL, never to an address an event names, so an event cannot make the registry deliver
 * footprints to a host of the sender's choosing.
 */
@Component
public class PactPartners {
    /**
     * One partner.
     *
     * @param client       the client id the partner authenticates with at our {@code /auth/token}
     * @param baseUrl      its PACT API, e.g. {@code https://pact.partner.example}; events go to {@code baseUrl/3/events}
     *                     ({@code /2/events} for {@code version} 2); {@code http} only on a loopback host
     * @param tokenUrl     its token endpoint; {@code baseUrl/auth/token} when absent
     * @param clientId     our client id at the partner
     * @param clientSecret our secret at the partner
     * @param version      the PACT major version it speaks, 3 (default) or 2
     */
    public record Partner(String client, String baseUrl, String tokenUrl, String clientId, String clientSecret, Integer version) {
        public Partner {
            URI base = URI.create(require(baseUrl, "baseUrl", client));
            boolean https = "https".equalsIgnoreCase(base.getScheme());
            boolean loopback = "http".equalsIgnoreCase(base.getScheme()) && isLoopback(base.getHost());
            if (base.getHost() == null || !(https || loopback)) {
                throw new IllegalArgumentException("partner " + client + ": baseUrl must be an https:// URL (http:// only on a"
                        + " loopback host); got " + baseUrl);
            }
            baseUrl = baseUrl.replaceAll("/+$", "");
            tokenUrl = tokenUrl == null || tokenUrl.isBlank() ? baseUrl + "/auth/token" : tokenUrl;
            require(client, "client", client);
            require(clientId, "clientId", client);
            require(clientSecret, "clientSecret", client);
            version = version == null ? 3 : version;
            if (version != 2 && version != 3) {
                throw new IllegalArgumentException("partner " + client + ": version must be 2 or 3; got " + version);
            }
        }

        String host() {
            return URI.create(baseUrl).getHost().toLowerCase(Locale.ROOT);
        }

        String eventsUrl() {
            return baseUrl + (version == 2 ? "/2/events" : "/3/events");
        }

        /** Whether an event's CloudEvents {@code source} names a URI on this partner's host. */
        boolean owns(String source) {
            try {
                String host = URI.create(source).getHost();
                return host != null && host.toLowerCase(Locale.ROOT).equals(host());
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "Partner[" + client + " at " + baseUrl + "]";
        }
    }

    private final Map<String, Partner> byClient = new HashMap<>();

    public PactPartners(PactProperties properties) throws IOException {
        if (properties.partners() != null) {
            List<Partner> list = CanonicalJson.mapper().readValue(Files.readAllBytes(properties.partners()),
                    new TypeReference<List<Partner>>() { });
            for (Partner p : list) {
                if (byClient.put(p.client(), p) != null) {
                    throw new IllegalArgumentException("partner " + p.client() + " is listed twice in " + properties.partners());
                }
            }
        }
    }

    /** The partner that calls us as this client, if it is registered. */
    public Optional<Partner> byClient(String clientId) {
        return Optional.ofNullable(byClient.get(clientId));
    }

    /** Every registered partner. */
    public java.util.Collection<Partner> all() {
        return java.util.Collections.unmodifiableCollection(byClient.values());
    }

    private static String require(String value, String field, String client) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("partner " + client + ": " + field + " is required");
        }
        return value;
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
    }
}
