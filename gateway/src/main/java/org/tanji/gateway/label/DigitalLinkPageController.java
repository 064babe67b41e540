package org.tanji.gateway.label;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
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

    public DigitalLinkPageController(ScanVerifier scans, LabelVerifier verifier, PublicUrls urls) {
        this.scans = scans;
        this.verifier = verifier;
        this.urls = urls;
    }

    @GetMapping("/01/**")
    public Mono<String> page(Model model, ServerWebExchange exchange) {
        return scanned(model, exchange);
    }

    /** A signed {@code /l/{labelId}?…&s=…} link: the page shows the code's own check too. */
    @GetMapping(path = "/l/{labelId}", params = "s")
    public Mono<String> signedLabelLink(Model model, ServerWebExchange exchange) {
        return scanned(model, exchange);
    }

    private Mono<String> scanned(Model model, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        String query = request.getURI().getRawQuery();
        String scanned = urls.base() + request.getPath().pathWithinApplication().value() + (query == null ? "" : "?" + query);
        exchange.getResponse().getHeaders().setCacheControl("no-cache");
        Mono<String> rendered;
        try {
            rendered = scans.verify(scanned).map(scan -> {
                if (scan.status() == LabelStatus.NOT_FOUND) {
                    exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
                }
                return render(model, scan.verification(), scan.check());
            });
        } catch (QrText.Malformed e) {
            exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
            rendered = verifier.verify("").map(missing -> render(model, missing,
                    new ScanCheck(false, "this is not a valid label code: " + e.getMessage(), null, null)));
        }
        return rendered;
    }

    private static String render(Model model, LabelVerification v, ScanCheck scan) {
        model.addAttribute("v", v);
        model.addAttribute("stages", StageChart.of(v));
        model.addAttribute("scan", scan);
        return "label";
    }
}
