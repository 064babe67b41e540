package org.tanji.gateway.tls;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The HTTPS port and its certificate ({@code TANJI_TLS_PORT}, {@code TANJI_TLS_CERT}, {@code TANJI_TLS_KEY}).
 *
 * @param port the HTTPS port; absent turns HTTPS off, 0 takes a free port (tests)
 * @param cert a PEM certificate chain; absent means a self-signed one generated into the data folder
 * @param key  the PEM (PKCS#8) private key of {@code cert}
 */
@ConfigurationProperties(prefix = "tanji.tls")
public record TlsProperties(Integer port, Path cert, Path key) {

    public TlsProperties {
        // An unset TANJI_TLS_CERT binds as an empty path, which means "generate one".
        cert = cert == null || cert.toString().isEmpty() ? null : cert;
        key = key == null || key.toString().isEmpty() ? null : key;
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("tanji.tls.port (TANJI_TLS_PORT) must be a port number; got " + port);
        }
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("TANJI_TLS_CERT and TANJI_TLS_KEY go together: set both or neither");
        }
    }

    /** Whether HTTPS is served at all. */
    public boolean enabled() {
        return port != null;
    }
}
