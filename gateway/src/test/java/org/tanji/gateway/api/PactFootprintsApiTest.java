package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.tanji.gateway.security.Role;

import com.fasterxml.jackson.databind.node.ObjectNode;

import tools.jackson.databind.JsonNode;

/** PACT conformance for reading footprints over HTTPS: get, list, filters, paging, deprecation, verification. */
class PactFootprintsApiTest extends PactApiTest {
    private static final Pattern NEXT = Pattern.compile("^<([^>]+)>;\\s*rel=\"next\"");

    /** Records a footprint for one product of one company, in one geography, and returns its id. */
    private String record(Client company, String productId, String companyId, String geography) {
        ObjectNode pf = Fixtures.footprint(productId, "lithium-battery", geography, "62.5",
                Map.of("raw-material-acquisition", "41.2", "production", "18.1", "distribution", "1.4", "end-of-life", "1.8"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) pf.get("companyIds")).add(companyId);
        pf.putArray("productClassifications").add("urn:pact:cpc:46410");
        return postFootprint(company, pf).get("id").asString();
    }

    @Test
    void getFootprintAnswersTheDocumentWithTheLedgersVerification() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String id = record(company, urn("product"), urn("company"), "CN-AH");
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        grant(certifier, id);

        JsonNode body = awaitPact(company, "/3/footprints/" + id, b -> b.path("data").path("pcf").has("verification"));
        JsonNode pf = body.get("data");
        assertThat(pf.get("id").asString()).isEqualTo(id);
        assertThat(pf.get("status").asString()).isEqualTo("Active");
        assertThat(pf.get("pcf").get("pcfExcludingBiogenicUptake").isString()).as("decimals travel as strings").isTrue();
        JsonNode verification = pf.get("pcf").get("verification");
        assertThat(verification.get("providerName").asString()).startsWith("Test certification body");
        assertThat(verification.get("coverage").asString()).isEqualTo("product level");
    }

    @Test
    void unknownMalformedAndNilIdsAre404NotFound() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        for (String id : new String[] {"00000000-0000-0000-0000-000000000000", java.util.UUID.randomUUID().toString(), "not-a-uuid"}) {
            https.get().uri("/3/footprints/" + id).headers(bearer(company)).exchange().expectStatus().isNotFound()
                    .expectBody().jsonPath("$.code").isEqualTo("NotFound").jsonPath("$.message").exists();
        }
    }

    @Test
    void bankIsDeniedWith403AccessDenied() {
        Client bank = client(Role.BANK, "GreenBankMSP");
        https.get().uri("/3/footprints").headers(bearer(bank)).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("AccessDenied").jsonPath("$.message").exists();
        https.get().uri("/3/footprints/" + java.util.UUID.randomUUID()).headers(bearer(bank)).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("AccessDenied");
    }

    @Test
    void deprecatedFootprintIsStillServedAsDeprecated() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String product = urn("product");
        String old = record(company, product, urn("company"), "CN-AH");
        ObjectNode successor = Fixtures.footprint(product, "lithium-battery", "CN-AH", "60.5",
                Map.of("raw-material-acquisition", "39.2", "production", "18.1", "distribution", "1.4", "end-of-life", "1.8"));
        successor.putArray("precedingPfIds").add(old);
        String next = postFootprint(company, successor).get("id").asString();

        JsonNode body = awaitPact(company, "/3/footprints/" + old, b -> "Deprecated".equals(b.path("data").path("status").asString()));
        assertThat(body.get("data").get("id").asString()).isEqualTo(old);
        JsonNode list = awaitPact(company, "/3/footprints?productId=" + product, b -> ids(b).size() == 2);
        assertThat(ids(list)).containsExactlyInAnyOrder(old, next);
        assertThat(ids(pactGet(company, "/3/footprints?productId=" + product + "&status=active"))).containsExactly(next);
        assertThat(ids(pactGet(company, "/3/footprints?productId=" + product + "&status=Deprecated"))).containsExactly(old);
    }

    @Test
    void filtersOrWithinAParameterAndAcrossParametersAndIgnoreCase() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String companyId = urn("company");
        String p1 = urn("product");
        String p2 = urn("product");
        String p3 = urn("product");
        String a = record(company, p1, companyId, "CN-AH");
        String b = record(company, p2, companyId, "CN-GS");
        String c = record(company, p3, companyId, "CN-GS");
        String byCompany = "/3/footprints?companyId=" + companyId.toUpperCase();
        awaitPact(company, byCompany, body -> ids(body).size() == 3);

        assertThat(ids(pactGet(company, "/3/footprints?productId=" + p1 + "&productId=" + p2)))
                .containsExactlyInAnyOrder(a, b);
        assertThat(ids(pactGet(company, "/3/footprints?productid=" + p1.toUpperCase()))).containsExactly(a);
        assertThat(ids(pactGet(company, byCompany + "&geography=cn-gs"))).containsExactlyInAnyOrder(b, c);
        assertThat(ids(pactGet(company, byCompany + "&geography=CN-GS&productId=" + p3))).containsExactly(c);
        assertThat(ids(pactGet(company, byCompany + "&classification=URN:PACT:CPC:46410"))).hasSize(3);
    }

    /** Records a footprint with this validity period ({@code null}s: PACT's default, 3 years from the reference period's end). */
    private String recordValid(Client company, String companyId, String start, String end, String referenceEnd) {
        ObjectNode pf = Fixtures.footprint(urn("product"), "lithium-battery", "CN-AH", "62.5",
                Map.of("raw-material-acquisition", "41.2", "production", "18.1", "distribution", "1.4", "end-of-life", "1.8"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) pf.get("companyIds")).add(companyId);
        if (start != null) {
            pf.put("validityPeriodStart", start);
            pf.put("validityPeriodEnd", end);
        }
        Fixtures.pcf(pf).put("referencePeriodEnd", referenceEnd);
        return postFootprint(company, pf).get("id").asString();
    }

    @Test
    void validityFiltersCompareTheValidityPeriodsStartAndEnd() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String companyId = urn("company");
        // a and b overlap; c has no validity period, so it is valid for 3 years from its reference period's end.
        // The reference periods end before every validity start, so a filter on the wrong field answers otherwise.
        String a = recordValid(company, companyId, "2025-03-01T00:00:00Z", "2025-09-01T00:00:00Z", "2025-02-01T00:00:00Z");
        String b = recordValid(company, companyId, "2025-06-01T00:00:00Z", "2026-06-01T00:00:00Z", "2025-02-01T00:00:00Z");
        String c = recordValid(company, companyId, null, null, "2026-01-01T00:00:00Z");
        String byCompany = "/3/footprints?companyId=" + companyId;
        awaitPact(company, byCompany, body -> ids(body).size() == 3);

        // validOn: start <= validOn <= end, both ends inclusive.
        assertThat(ids(pactGet(company, byCompany + "&validOn=2025-07-01T00:00:00Z"))).containsExactlyInAnyOrder(a, b);
        assertThat(ids(pactGet(company, byCompany + "&validOn=2025-03-01T00:00:00Z"))).containsExactly(a);
        assertThat(ids(pactGet(company, byCompany + "&validOn=2025-09-01T00:00:00Z"))).containsExactlyInAnyOrder(a, b);
        assertThat(ids(pactGet(company, byCompany + "&validOn=2027-01-01T00:00:00Z"))).containsExactly(c);
        assertThat(ids(pactGet(company, byCompany + "&validOn=2029-01-01T00:00:00Z"))).containsExactly(c);
        assertThat(ids(pactGet(company, byCompany + "&validOn=2029-01-01T00:00:01Z"))).isEmpty();
        // validAfter: the validity period starts strictly after it.
        assertThat(ids(pactGet(company, byCompany + "&validAfter=2025-04-01T00:00:00Z"))).containsExactlyInAnyOrder(b, c);
        assertThat(ids(pactGet(company, byCompany + "&validAfter=2025-06-01T00:00:00Z"))).containsExactly(c);
        assertThat(ids(pactGet(company, byCompany + "&validAfter=2025-02-15T00:00:00Z"))).containsExactlyInAnyOrder(a, b, c);
        // validBefore: the validity period ends strictly before it.
        assertThat(ids(pactGet(company, byCompany + "&validBefore=2026-01-01T00:00:00Z"))).containsExactly(a);
        assertThat(ids(pactGet(company, byCompany + "&validBefore=2026-06-01T00:00:00Z"))).containsExactly(a);
        assertThat(ids(pactGet(company, byCompany + "&validBefore=2026-07-01T00:00:00Z"))).containsExactlyInAnyOrder(a, b);
        // Different parameters AND together.
        assertThat(ids(pactGet(company, byCompany + "&validAfter=2025-04-01T00:00:00Z&validBefore=2026-07-01T00:00:00Z")))
                .containsExactly(b);
    }

    @Test
    void anExpiredCertificationIsNotServedAsVerification() throws InterruptedException {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String product = urn("product");
        String id = record(company, product, urn("company"), "CN-AH");
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        benchmarkFor(certifier, id);
        java.time.Instant until = java.time.Instant.now().plusSeconds(4).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String labelId = http.post().uri("/api/v1/certifications").headers(bearer(certifier))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", id, "decision", "GRANTED", "validUntil", until.toString()))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("labelId").asString();
        awaitPact(company, "/3/footprints/" + id, b -> b.path("data").path("pcf").has("verification"));
        assertThat(pactGet(company, "/2/footprints/" + id).get("data").get("pcf").has("assurance")).isTrue();

        Thread.sleep(java.time.Duration.between(java.time.Instant.now(), until.plusMillis(500)).toMillis());
        // The ledger still holds the label as VALID (readers judge expiry), and no event told the index.
        assertThat(verification(labelId).get("status").asString()).isEqualTo("EXPIRED");
        assertThat(pactGet(company, "/3/footprints/" + id).get("data").get("pcf").has("verification")).isFalse();
        JsonNode listed = pactGet(company, "/3/footprints?productId=" + product).get("data");
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("pcf").has("verification")).isFalse();
        assertThat(pactGet(company, "/2/footprints/" + id).get("data").get("pcf").has("assurance")).isFalse();
        assertThat(pactGet(company, "/2/footprints?productId=" + product).get("data").get(0).get("pcf").has("assurance"))
                .isFalse();
    }

    @Test
    void aVerificationTheSubmitterWroteItselfIsNotServed() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        ObjectNode pf = Fixtures.battery();
        pf.putArray("productIds").add(urn("product"));
        ObjectNode claimed = Fixtures.pcf(pf).putObject("verification");
        claimed.put("coverage", "product level");
        claimed.put("providerName", "Ourselves");
        String id = postFootprint(company, pf).get("id").asString();
        JsonNode served = awaitPact(company, "/3/footprints/" + id, b -> b.has("data")).get("data");
        assertThat(served.get("pcf").has("verification")).as("only the ledger's certification is served").isFalse();
        assertThat(pactGet(company, "/2/footprints/" + id).get("data").get("pcf").has("assurance")).isFalse();
    }

    @Test
    void limitZeroAnswersAnEmptyPageWithANextLinkAndANegativeLimitIs400() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String companyId = urn("company");
        String a = record(company, urn("product"), companyId, "CN-AH");
        String byCompany = "/3/footprints?companyId=" + companyId;
        awaitPact(company, byCompany, body -> ids(body).size() == 1);

        // PACT's limit is an unsigned integer (minimum 0): 0 asks for nothing, and the rest is behind the next link.
        var zero = https.get().uri(byCompany + "&limit=0").headers(bearer(company)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult();
        assertThat(ids(zero.getResponseBody())).isEmpty();
        Matcher next = NEXT.matcher(zero.getResponseHeaders().getFirst(HttpHeaders.LINK));
        assertThat(next.find()).isTrue();
        String withLimit = next.group(1).replace("limit=0", "limit=10");
        assertThat(ids(https.get().uri(URI.create(withLimit)).headers(bearer(company)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody())).containsExactly(a);
        // Nothing matches: no next link either.
        var none = https.get().uri(byCompany + "&limit=0&geography=XX").headers(bearer(company)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult();
        assertThat(none.getResponseHeaders().getFirst(HttpHeaders.LINK)).isNull();
        // A limit above the registry's page size is served, capped.
        assertThat(ids(pactGet(company, byCompany + "&limit=99999999999"))).containsExactly(a);
        for (String bad : new String[] {"-1", "ten", "1.5"}) {
            https.get().uri(byCompany + "&limit=" + bad).headers(bearer(company)).exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("BadRequest").jsonPath("$.message").value(m ->
                            assertThat((String) m).contains("limit"));
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.tanji.gateway.pact.FootprintIndex index;

    @org.springframework.beans.factory.annotation.Autowired
    org.tanji.gateway.footprint.SubmittedDocuments submitted;

    @Test
    void aBurstOfSubmissionsIsListedAndTheIndexQueueDrains() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String companyId = urn("company");
        List<String> recorded = reactor.core.publisher.Flux.range(0, 60)
                .flatMap(i -> reactor.core.publisher.Mono.fromCallable(() -> record(company, urn("product"), companyId, "CN-AH"))
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 8)
                .collectList().block(java.time.Duration.ofMinutes(2));

        JsonNode list = awaitPact(company, "/3/footprints?limit=100&companyId=" + companyId, body -> ids(body).size() == 60);
        assertThat(ids(list)).containsExactlyInAnyOrderElementsOf(recorded);
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        while (index.pendingRefreshes() > 0 && java.time.Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        assertThat(index.pendingRefreshes()).as("footprints still waiting for a re-read").isZero();
        // The index took each new footprint's document from the submitting service, not back from the store.
        assertThat(submitted.size()).as("submitted documents the index did not take").isZero();
        String metrics = http.get().uri("/actuator/prometheus").headers(bearer(company)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).contains("tanji_pact_index_pending 0.0");
    }

    @Test
    void filtersThatMatchNothingAnswer200WithEmptyData() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String companyId = urn("company");
        record(company, urn("product"), companyId, "CN-AH");
        String byCompany = "/3/footprints?companyId=" + companyId;
        awaitPact(company, byCompany, body -> ids(body).size() == 1);

        for (String filter : new String[] {"&status=Bogus", "&geography=XX", "&productId=urn:tanji:test:none",
            "&classification=urn:pact:cpc:00000", "&validOn=2010-01-01T00:00:00Z", "&validAfter=2030-01-01T00:00:00Z",
            "&validBefore=2020-01-01T00:00:00Z", "&geography=CN-GS"}) {
            assertThat(ids(pactGet(company, byCompany + filter))).as(filter).isEmpty();
        }
        https.get().uri(byCompany + "&validOn=yesterday").headers(bearer(company)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("BadRequest");
    }

    @Test
    void paginationLinkIsAbsoluteOnTheSameHostAndCanBeCalledTwice() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String companyId = urn("company");
        List<String> recorded = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recorded.add(record(company, urn("product"), companyId, "CN-AH"));
        }
        awaitPact(company, "/3/footprints?companyId=" + companyId, body -> ids(body).size() == 5);

        List<String> seen = new ArrayList<>();
        String uri = httpsBase() + "/3/footprints?companyId=" + companyId + "&limit=2";
        int pages = 0;
        while (uri != null) {
            var first = https.get().uri(URI.create(uri)).headers(bearer(company)).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult();
            var again = https.get().uri(URI.create(uri)).headers(bearer(company)).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult();
            assertThat(ids(again.getResponseBody())).isEqualTo(ids(first.getResponseBody()));
            assertThat(ids(first.getResponseBody()).size()).isLessThanOrEqualTo(2);
            seen.addAll(ids(first.getResponseBody()));
            String link = first.getResponseHeaders().getFirst(HttpHeaders.LINK);
            uri = null;
            if (link != null) {
                Matcher m = NEXT.matcher(link);
                assertThat(m.find()).as(link).isTrue();
                uri = m.group(1);
                assertThat(URI.create(uri).isAbsolute()).isTrue();
                assertThat(uri).startsWith(httpsBase() + "/3/footprints?");
            }
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(recorded);
    }
}
