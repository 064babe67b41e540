package org.tanji.gateway.label;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ServerWebExchange;
import org.tanji.gateway.config.PublicUrls;
import org.tanji.gateway.signing.QrText;
import org.tanji.gateway.signing.ScanVerifier;

import reactor.core.publisher.Mono;

/**
 * {@code GET /01/{gtin}[/10/{lot}][/21/{serial}]?l=…}: a GS1 Digital Link as printed in a label's
 * QR code opens the same verification page as {@code /l/{labelId}}, with the result of checking
 * the code itself ({@code scan}: its signature, and whether it names this product). A code that
 * is not a valid label link gets the page's "not valid" state and a 400, never an error page.
 */
@Controller
public class DigitalLinkPageController {
    private final ScanVerifier scans;
    private final LabelVerifier verifier;
    private final PublicUrls urls;
    private final LabelPages pages;

    public DigitalLinkPageController(ScanVerifier scans, LabelVerifier verifier, PublicUrls urls, LabelPages pages) {
        this.scans = scans;
        this.verifier = verifier;
        this.urls = urls;
        this.pages = pages;
    }

    @GetMapping("/01/**")
    public Mono<Void> page(ServerWebExchange exchange) {
        return scanned(exchange);
    }

    /**
     * An {@code /l/{labelId}} link with a query: a signed QR link ({@code ?…&s=…}), whose page
     * shows the code's own check too, or a text that is not one (an edited or extended link),
     * which gets the "not valid" page. Without a query the page is answered before WebFlux.
     */
    @GetMapping("/l/{labelId}")
    public Mono<Void> signedLabelLink(ServerWebExchange exchange) {
        return scanned(exchange);
    }

    private Mono<Void> scanned(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        String query = request.getURI().getRawQuery();
        String scanned = urls.base() + request.getPath().pathWithinApplication().value() + (query == null ? "" : "?" + query);
        try {
            return scans.verify(scanned).flatMap(scan -> LabelPages.write(
                    scan.status() == LabelStatus.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.OK,
                    pages.render(scan.verification(), scan.check()), exchange.getResponse()));
        } catch (QrText.Malformed e) {
            return notValid(exchange, e.getMessage());
        }
    }

    /** The page's "not valid" state with a 400: the scanned text is not a label code, for the reason given. */
    public Mono<Void> notValid(ServerWebExchange exchange, String reason) {
        return verifier.verify("").flatMap(missing -> LabelPages.write(HttpStatus.BAD_REQUEST, pages.render(missing,
                new ScanCheck(false, "this is not a valid label code: " + reason, null, null)), exchange.getResponse()));
    }

    /** Whether a path is one a scanned label code opens: {@code /l/…} or a GS1 Digital Link {@code /01/…}. */
    public static boolean isScanPath(String path) {
        return path.startsWith("/l/") || path.startsWith("/01/");
    }
}
