package org.tanji.gateway.label;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * {@code GET /l/{labelId}}: the page a consumer sees after scanning. Server-rendered, no script,
 * small enough to open at once on a phone.
 */
@Controller
public class LabelPageController {
    private final LabelVerifier verifier;

    public LabelPageController(LabelVerifier verifier) {
        this.verifier = verifier;
    }

    @GetMapping("/l/{labelId}")
    public Mono<String> page(@PathVariable String labelId, Model model, ServerWebExchange exchange) {
        return verifier.verify(labelId).map(v -> {
            if (v.status() == LabelStatus.NOT_FOUND) {
                exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
            }
            exchange.getResponse().getHeaders().setCacheControl("no-cache");
            model.addAttribute("v", v);
            model.addAttribute("stages", StageChart.of(v));
            return "label";
        });
    }
}
