/**
 * HTTPS beside plain HTTP: a second Reactor Netty server on {@code tanji.tls.port} that serves the
 * same handler chain as the main port, with a certificate from {@code TANJI_TLS_CERT}/{@code TANJI_TLS_KEY}
 * or one generated once into the data folder.
 *
 * <pre>{@code
 * ./tanji serve --tls-port 8443     # then: curl --cacert data/tls/cert.pem https://127.0.0.1:8443/actuator/health
 * }</pre>
 */
package org.tanji.gateway.tls;
