package org.tanji.gateway.config;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The public base URL printed on labels: {@code tanji.public-base-url}, or else this server's own
 * address and the port it actually bound (read late, because tests bind a random port).
 */
@Component
public class PublicUrls {
    private final String configured;
    private final Environment environment;

    public PublicUrls(TanjiProperties properties, Environment environment) {
        String value = properties.publicBaseUrl();
        this.configured = value == null || value.isBlank() ? null : value.replaceAll("/+$", "");
        this.environment = environment;
    }

    public String base() {
        if (configured != null) {
            return configured;
        }
        String address = environment.getProperty("server.address", "127.0.0.1");
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return "http://" + address + ":" + port;
    }

    public String verifyUrl(String labelId) {
        return base() + "/l/" + labelId;
    }
}
