package org.tanji.gateway.label.render;

import java.util.List;
import java.util.function.Function;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.tanji.gateway.label.LabelVerifier;
import org.tanji.gateway.problem.ApiException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The public renderings of a label: its QR code (PNG, SVG), its printable artwork (SVG) and its
 * certificate (PDF). Each carries an ETag of the label's ledger version and live status with
 * {@code Cache-Control: no-cache}, so a cache revalidates every time and a revocation or expiry
 * shows at once, while an unchanged label costs a 304.
 */
@RestController
@RequestMapping("/api/v1/labels")
@Tag(name = "Labels", description = "Carbon labels and their verification")
public class LabelRenderController {
    private static final MediaType SVG = MediaType.parseMediaType("image/svg+xml;charset=UTF-8");
    private final LabelVerifier verifier;
    private final LabelCertificate certificate = new LabelCertificate();

    public LabelRenderController(LabelVerifier verifier) {
        this.verifier = verifier;
    }

    @Operation(summary = "Public: the label's QR code as PNG, error correction M, 4-module quiet zone; size in pixels, 64 to 2048")
    @GetMapping("/{labelId}/qr.png")
    public Mono<ResponseEntity<byte[]>> qrPng(@PathVariable String labelId,
                                              @RequestParam(defaultValue = "" + QrCodes.DEFAULT_PNG_SIZE) int size,
                                              ServerWebExchange exchange) {
        if (size < QrCodes.MIN_PNG_SIZE || size > QrCodes.MAX_PNG_SIZE) {
            throw ApiException.badRequest("size", "must be between " + QrCodes.MIN_PNG_SIZE + " and " + QrCodes.MAX_PNG_SIZE);
        }
        return render(labelId, "png" + size, MediaType.IMAGE_PNG, exchange, c -> QrCodes.png(c.qrText(), size), false);
    }

    @Operation(summary = "Public: the label's QR code as SVG modules, error correction M, 4-module quiet zone")
    @GetMapping("/{labelId}/qr.svg")
    public Mono<ResponseEntity<byte[]>> qrSvg(@PathVariable String labelId, ServerWebExchange exchange) {
        return render(labelId, "qrsvg", SVG, exchange, c -> utf8(QrCodes.svg(c.qrText())), false);
    }

    @Operation(summary = "Public: the printable carbon label, a self-contained SVG with the figures, grade, certifier, validity and QR code")
    @GetMapping("/{labelId}/artwork.svg")
    public Mono<ResponseEntity<byte[]>> artwork(@PathVariable String labelId, ServerWebExchange exchange) {
        return render(labelId, "art", SVG, exchange, c -> utf8(LabelArtwork.svg(c.verification(), c.qrText())), false);
    }

    @Operation(summary = "Public: the label's certificate, one A4 PDF page with the figures, stages, status and ledger proof")
    @GetMapping("/{labelId}/certificate.pdf")
    public Mono<ResponseEntity<byte[]>> certificate(@PathVariable String labelId, ServerWebExchange exchange) {
        return render(labelId, "pdf", MediaType.APPLICATION_PDF, exchange,
                c -> certificate.pdf(c.verification(), c.qrText()), true);
    }

    private Mono<ResponseEntity<byte[]>> render(String labelId, String variant, MediaType type, ServerWebExchange exchange,
                                                Function<LabelVerifier.Current, byte[]> renderer, boolean slow) {
        return verifier.current(labelId)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("no label " + labelId)))
                .flatMap(current -> {
                    String etag = "\"" + current.version() + "-" + variant + "\"";
                    List<String> ifNoneMatch = exchange.getRequest().getHeaders().getIfNoneMatch();
                    if (ifNoneMatch.contains(etag) || ifNoneMatch.contains("*")) {
                        return Mono.just(ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag)
                                .cacheControl(CacheControl.noCache()).<byte[]>build());
                    }
                    Mono<byte[]> body = Mono.fromCallable(() -> renderer.apply(current));
                    return (slow ? body.subscribeOn(Schedulers.boundedElastic()) : body).map(bytes -> {
                        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(type).eTag(etag)
                                .cacheControl(CacheControl.noCache());
                        if (SVG.equalsTypeAndSubtype(type)) {
                            // Label texts are escaped; this also keeps an SVG opened on its own from running anything.
                            ok.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
                        }
                        if (MediaType.APPLICATION_PDF.equals(type)) {
                            ok.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                                    .filename("carbon-label-" + labelId + ".pdf").build().toString());
                        }
                        return ok.body(bytes);
                    });
                });
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
