package org.tanji.gateway.tls;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.stereotype.Component;
import org.tanji.gateway.config.TanjiProperties;
import org.tanji.gateway.config.UnparsableTargets;

import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * Serves HTTPS on {@code tanji.tls.port} beside the main HTTP port. It is a second Reactor Netty
 * server bound to the application's own {@link HttpHandler}, so both ports run exactly the same
 * filters, security chains and controllers; only {@code request.getSslInfo()} tells them apart.
 * Chosen over moving the main port to TLS because label scans, health probes and the existing
 * clients stay on plain HTTP, while PACT partners must use HTTPS.
 */
@Component
public class HttpsServer implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(HttpsServer.class);
    private final TlsProperties tls;
    private final TanjiProperties tanji;
    private final ObjectProvider<HttpHandler> handler;
    private final String address;
    private final ObjectProvider<ReactorResourceFactory> resources;
    private final UnparsableTargets unparsable;
    private volatile DisposableServer server;

    public HttpsServer(TlsProperties tls, TanjiProperties tanji, ObjectProvider<HttpHandler> handler,
                       ObjectProvider<ReactorResourceFactory> resources, UnparsableTargets unparsable,
                       @Value("${server.address:127.0.0.1}") String address) {
        this.resources = resources;
        this.unparsable = unparsable;
        this.tls = tls;
        this.tanji = tanji;
        this.handler = handler;
        this.address = address;
    }

    @Override
    public void start() {
        if (!tls.enabled()) {
            return;
        }
        ServerCertificate certificate = ServerCertificate.resolve(tls, tanji.dataDir());
        // The event loops of the main HTTP server (Boot's resource factory), so both ports live and
        // die with the same resources; there is nothing of its own to size or dispose.
        HttpServer http = HttpServer.create();
        ReactorResourceFactory factory = resources.getIfAvailable();
        if (factory != null) {
            http = http.runOn(factory.getLoopResources());
        }
        server = http.host(address).port(tls.port())
                .secure(spec -> spec.sslContext(Http11SslContextSpec.forServer(certificate.cert().toFile(),
                        certificate.key().toFile())))
                .handle(unparsable.guard(new ReactorHttpHandlerAdapter(handler.getObject())))
                .bindNow(Duration.ofSeconds(30));
        LOG.info("HTTPS on https://{}:{} (certificate {})", address, server.port(), certificate.cert());
    }

    /** The bound HTTPS port, or -1 when HTTPS is off or not yet started. */
    public int port() {
        DisposableServer s = server;
        return s == null ? -1 : s.port();
    }

    @Override
    public void stop() {
        DisposableServer s = server;
        server = null;
        if (s != null) {
            s.disposeNow(Duration.ofSeconds(10));
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
