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
    private final ITemplateEngine templates;
    private final LabelVerifier verifier;

    public LabelPages(ITemplateEngine templates, LabelVerifier verifier) {
        this.templates = templates;
        this.verifier = verifier;
    }

    /** The page's HTML for a verification and, for a scanned code, its own check. */
    public byte[] render(LabelVerification v, ScanCheck scan) {
        Context context = new Context(Locale.ROOT);
        context.setVariable("v", v);
        context.setVariable("stages", StageChart.of(v));
        context.setVariable("scan", scan);
        return templates.process("label", context).getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the plain page of a label: 200, or 404 for an unknown label. */
    public Mono<Void> write(String labelId, ServerHttpResponse response) {
        return verifier.page(labelId, v -> render(v, null))
                .flatMap(page -> write(page.status() == LabelStatus.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.OK,
                        page.html(), response));
    }

    /** Writes rendered page bytes with the page's headers. */
    static Mono<Void> write(HttpStatus status, byte[] html, ServerHttpResponse response) {
        response.setStatusCode(status);
        HttpHeaders h = response.getHeaders();
        h.setContentType(HTML);
        h.setContentLength(html.length);
        h.setCacheControl("no-cache");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        DataBuffer body = response.bufferFactory().wrap(html);
        return response.writeWith(Mono.just(body));
    }
}
