package org.tanji.gateway.label;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import org.tanji.gateway.ledger.LedgerException;

import reactor.core.publisher.Mono;

/**
 * Renders the verification page (template {@code label}) and writes it. A plain label page has no
 * per-request content, so its bytes are rendered once per label state ({@link LabelVerifier#page})
 * and a scan only copies them out; the headers are the ones Spring Security would add, plus a
 * content security policy that allows no script at all.
 */
@Component
public class LabelPages {
    /** The page has no script, no external resource and no form. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
    /** Every page's headers but its length, in the order they are sent. */
    static final java.util.Map<String, String> HEADERS = headers();
    /** Seconds a scanner is asked to wait when the ledger cannot be read. */
    static final String RETRY_AFTER_SECONDS = "5";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LabelPages.class);
    private final ITemplateEngine templates;
    private final LabelVerifier verifier;
    private final byte[] unavailable;

    public LabelPages(ITemplateEngine templates, LabelVerifier verifier) {
        this.templates = templates;
        this.verifier = verifier;
        this.unavailable = templates.process("label-unavailable", new Context(Locale.ROOT)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The page for a scan whose label cannot be read from the ledger just now: 503 with
     * {@code Retry-After}, saying in words that this does not make the label invalid.
     */
    byte[] unavailable() {
        return unavailable;
    }

    /** Logs why a label's page could not be served; the scanner gets {@link #unavailable()}. */
    static void logUnavailable(String labelId, Throwable e) {
        LOG.warn("label {}: its page could not be served, answered 503: {}", labelId, e.toString());
    }

    private static java.util.Map<String, String> headers() {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put(HttpHeaders.CONTENT_TYPE, HTML.toString());
        h.put(HttpHeaders.CACHE_CONTROL, "no-cache");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        return java.util.Collections.unmodifiableMap(h);
    }

    /** The page's HTML for a verification and, for a scanned code, its own check. */
    public byte[] render(LabelVerification v, ScanCheck scan) {
        Context context = new Context(Locale.ROOT);
        context.setVariable("v", v);
        context.setVariable("stages", StageChart.of(v));
        context.setVariable("scan", scan);
        return templates.process("label", context).getBytes(StandardCharsets.UTF_8);
    }

    /** The plain page of a label, counted as a scan: 200, or 404 for an unknown label. */
    public Mono<LabelVerifier.Page> page(String labelId) {
        return verifier.page(labelId, v -> render(v, null));
    }

    /** Writes the plain page of a label: 200, 404 for an unknown label, 503 if the ledger cannot be read. */
    public Mono<Void> write(String labelId, ServerHttpResponse response) {
        return page(labelId).flatMap(page -> write(status(page), page.html(), response))
                .onErrorResume(LedgerException.class, e -> {
                    logUnavailable(labelId, e);
                    response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
                    return write(HttpStatus.SERVICE_UNAVAILABLE, unavailable, response);
                });
    }

    static HttpStatus status(LabelVerifier.Page page) {
        return page.status() == LabelStatus.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.OK;
    }

    /** Writes rendered page bytes with the page's headers. */
    static Mono<Void> write(HttpStatus status, byte[] html, ServerHttpResponse response) {
        response.setStatusCode(status);
        HttpHeaders h = response.getHeaders();
        h.setContentLength(html.length);
        HEADERS.forEach(h::set);
        DataBuffer body = response.bufferFactory().wrap(html);
        return response.writeWith(Mono.just(body));
    }
}
