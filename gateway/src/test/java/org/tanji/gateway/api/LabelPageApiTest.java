package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.tanji.gateway.label.LabelVerification;
import org.tanji.gateway.label.LabelVerifier;
import org.tanji.gateway.label.ScanCheck;
import org.tanji.gateway.label.StageChart;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import tools.jackson.databind.JsonNode;

/**
 * The verification page's content and weight: every fact a consumer needs, in a page small
 * enough for a slow phone connection, and the scan check's verdicts when a scanned text was
 * checked.
 */
class LabelPageApiTest extends ApiTest {
    /** The page's budget: one round trip's worth on a slow mobile link. */
    static final int MAX_PAGE_BYTES = 14 * 1024;
    @Autowired
    ITemplateEngine templates;
    @Autowired
    LabelVerifier verifier;
    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void pageShowsEveryFactAndStaysSmall() {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        String footprintId = postFootprint(certifier, Fixtures.battery()).get("id").asString();
        JsonNode granted = grant(certifier, footprintId);
        String labelId = granted.get("labelId").asString();
        byte[] body = http.get().uri("/l/{id}", labelId).accept(MediaType.TEXT_HTML).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "no-cache")
                .expectBody(byte[].class).returnResult().getResponseBody();
        String html = new String(body, StandardCharsets.UTF_8);
        LabelVerification v = verifier.verify(labelId).block();
        assertThat(html).contains("有效 VALID").contains(">62.5<").contains("kg CO₂e").contains("per <span>1 kilowatt hour</span>")
                .contains("<svg").contains("Raw materials").contains("<span class=\"grade\">" + Fixtures.BATTERY_GRADE + "</span>")
                .contains(v.certifier().name())
                .contains("有效 ACTIVE").contains(v.validFrom().substring(0, 10)).contains(v.validUntil().substring(0, 10))
                .contains("<details>").contains(granted.get("txId").asString()).contains(v.proof().recordHash())
                .contains(">" + v.proof().blockNumber() + "<").doesNotContain("<script").doesNotContain("does not match");
        System.out.printf("verification page: %d bytes uncompressed%n", body.length);
        assertThat(body.length).isLessThan(MAX_PAGE_BYTES);

        // Netty answers the page on the port ahead of WebFlux; WebFlux's filter (the HTTPS port's way)
        // sends the same bytes and headers.
        assertSameAnswer(http, WebTestClient.bindToApplicationContext(context).build(), labelId);
        http.head().uri("/l/{id}", labelId).exchange().expectStatus().isOk()
                .expectHeader().contentLength(body.length)
                .expectBody().isEmpty();

        decide(certifier, labelId, "SUSPENDED", "surveillance audit pending").expectStatus().isOk();
        assertThat(page(labelId)).contains("暂停 SUSPENDED").contains("surveillance audit pending");
    }

    @Test
    void scanCheckShowsSignatureVerdictAndMismatchWarning() {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        String labelId = grant(certifier, postFootprint(certifier, Fixtures.battery()).get("id").asString())
                .get("labelId").asString();
        LabelVerification v = verifier.verify(labelId).block();

        String forged = render(v, new ScanCheck(false, "signed by an unknown key", false,
                "does not match this product: the code names GTIN 06900000000000"));
        assertThat(forged).contains("role=\"alert\"").contains("This code does not match this product")
                .contains("the code names GTIN 06900000000000").contains("Signature does not verify: signed by an unknown key");

        String genuine = render(v, new ScanCheck(true, null, true, null));
        assertThat(genuine).contains("Certifier's signature verified").doesNotContain("does not match")
                .doesNotContain("role=\"alert\"");
        assertThat(render(v, null)).doesNotContain("signature").doesNotContain("role=\"alert\"");
    }

    @Test
    void expiredAndUnknownLabelsSayWhatTheyAre() throws InterruptedException {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        String footprintId = postFootprint(certifier, Fixtures.battery()).get("id").asString();
        benchmarkFor(certifier, footprintId);
        String labelId = http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("footprintId", footprintId, "decision", "GRANTED",
                        "validUntil", java.time.Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("labelId").asString();
        Thread.sleep(3_000);
        assertThat(page(labelId)).contains("已过期 EXPIRED").contains("the certification expired on");
        String missing = http.get().uri("/l/{id}", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").exchange().expectStatus().isNotFound()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(missing).contains("未找到 NOT FOUND").contains("may be counterfeit").doesNotContain("<details>");
    }

    private static void assertSameAnswer(WebTestClient overNetty, WebTestClient throughWebFlux, String labelId) {
        EntityExchangeResult<byte[]> netty = overNetty.get().uri("/l/{id}", labelId).exchange().expectBody().returnResult();
        EntityExchangeResult<byte[]> webflux = throughWebFlux.get().uri("/l/{id}", labelId).exchange().expectBody().returnResult();
        assertThat(netty.getStatus()).isEqualTo(webflux.getStatus());
        assertThat(netty.getResponseBody()).isEqualTo(webflux.getResponseBody());
        for (String header : List.of("Content-Type", "Content-Length", "Cache-Control", "X-Content-Type-Options",
                "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy")) {
            assertThat(netty.getResponseHeaders().get(header)).as(header).isNotEmpty()
                    .isEqualTo(webflux.getResponseHeaders().get(header));
        }
        assertThat(netty.getResponseHeaders().getFirst("Content-Security-Policy")).startsWith("default-src 'none'");
        assertThat(netty.getResponseHeaders().getFirst("X-Frame-Options")).isEqualTo("DENY");
    }

    private String page(String labelId) {
        return http.get().uri("/l/{id}", labelId).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
    }

    /** The page template as the GS1 Digital Link page renders it, with a scan check. */
    private String render(LabelVerification v, ScanCheck scan) {
        Context context = new Context();
        context.setVariable("v", v);
        context.setVariable("stages", StageChart.of(v));
        context.setVariable("scan", scan);
        return templates.process("label", context);
    }
}
