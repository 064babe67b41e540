package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.tanji.gateway.security.Role;

import com.fasterxml.jackson.databind.node.ObjectNode;

import tools.jackson.databind.JsonNode;

/** PACT v2.3 partners over real HTTPS: the same footprints under v2 names, v2's error codes and v2's events. */
class PactV2ApiTest extends PactApiTest {
    private static final Pattern NEXT = Pattern.compile("^<([^>]+)>;\\s*rel=\"next\"");
    private static final MediaType CLOUDEVENTS = MediaType.parseMediaType("application/cloudevents+json; charset=UTF-8");

    private String record(Client company, String product) {
        ObjectNode pf = Fixtures.footprint(product, "lithium-battery", "CN-AH", "62.5",
                Map.of("raw-material-acquisition", "41.2", "production", "18.1", "distribution", "1.4", "end-of-life", "1.8"));
        pf.putArray("productClassifications").add("urn:pact:productclassification:un-cpc:46410");
        return postFootprint(company, pf).get("id").asString();
    }

    @Test
    void getFootprintAnswersV2FieldNamesWithTheLedgersCertificationAsAssurance() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String id = record(company, urn("product"));
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        grant(certifier, id);
        awaitPact(company, "/3/footprints/" + id, b -> b.path("data").path("pcf").has("verification"));

        JsonNode pf = pactGet(company, "/2/footprints/" + id).get("data");
        assertThat(pf.get("id").asString()).isEqualTo(id);
        assertThat(pf.get("specVersion").asString()).isEqualTo("2.3.0");
        assertThat(pf.get("version").asInt()).isEqualTo(1);
        assertThat(pf.get("status").asString()).isEqualTo("Active");
        assertThat(pf.get("productCategoryCpc").asString()).isEqualTo("46410");
        assertThat(pf.get("comment").isString()).isTrue();
        JsonNode pcf = pf.get("pcf");
        assertThat(pcf.get("declaredUnit").asString()).isEqualTo("kilowatt hour");
        assertThat(pcf.get("unitaryProductAmount").asString()).isEqualTo("1");
        assertThat(pcf.get("pCfExcludingBiogenic").asString()).isEqualTo("62.5");
        assertThat(pcf.get("pCfIncludingBiogenic").asString()).isEqualTo("62.5");
        assertThat(pcf.has("pcfExcludingBiogenicUptake")).as("no v3 name leaks into v2").isFalse();
        assertThat(pcf.has("declaredUnitOfMeasurement")).isFalse();
        assertThat(pcf.get("characterizationFactors").asString()).isEqualTo("AR6");
        assertThat(pcf.get("ipccCharacterizationFactorsSources").get(0).asString()).isEqualTo("AR6");
        assertThat(pcf.get("crossSectoralStandardsUsed").get(0).asString()).isEqualTo("ISO Standard 14067");
        assertThat(pcf.get("exemptedEmissionsPercent").isNumber()).as("v2 carries the percentage as a number").isTrue();
        assertThat(pcf.get("packagingEmissionsIncluded").isBoolean()).isTrue();
        assertThat(pcf.get("geographyCountrySubdivision").asString()).isEqualTo("CN-AH");
        JsonNode assurance = pcf.get("assurance");
        assertThat(assurance.get("assurance").asBoolean()).isTrue();
        assertThat(assurance.get("providerName").asString()).startsWith("Test certification body");
        assertThat(pf.get("extensions").get(0).get("data").get("productCategory").asString()).isEqualTo("lithium-battery");
    }

    @Test
    void listFiltersAndPagesLikeV3WithV2Documents() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String product = urn("product");
        Set<String> recorded = Set.of(record(company, product), record(company, product), record(company, product));
        awaitPact(company, "/3/footprints?productId=" + product, b -> ids(b).size() == 3);

        Set<String> seen = new HashSet<>();
        String uri = "/2/footprints?productId=" + product + "&limit=2";
        int pages = 0;
        while (uri != null) {
            var result = https.get().uri(URI.create(uri.startsWith("/") ? httpsBase() + uri : uri)).headers(bearer(company))
                    .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult();
            JsonNode body = result.getResponseBody();
            assertThat(body.get("data").size()).isLessThanOrEqualTo(2);
            body.get("data").forEach(pf -> assertThat(pf.get("specVersion").asString()).isEqualTo("2.3.0"));
            seen.addAll(ids(body));
            String link = result.getResponseHeaders().getFirst(HttpHeaders.LINK);
            uri = null;
            if (link != null) {
                Matcher m = NEXT.matcher(link);
                assertThat(m.find()).as(link).isTrue();
                uri = m.group(1);
                assertThat(uri).startsWith(httpsBase() + "/2/footprints?");
            }
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(seen).isEqualTo(recorded);
        JsonNode none = pactGet(company, "/2/footprints?productId=" + urn("unknown"));
        assertThat(none.get("data").isArray()).isTrue();
        assertThat(none.get("data").size()).isZero();
    }

    @Test
    void errorsUseV2Codes() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        for (String id : new String[] {UUID.randomUUID().toString(), "00000000-0000-0000-0000-000000000000", "not-a-uuid"}) {
            https.get().uri("/2/footprints/" + id).headers(bearer(company)).exchange().expectStatus().isNotFound()
                    .expectBody().jsonPath("$.code").isEqualTo("NoSuchFootprint").jsonPath("$.message").exists();
        }
        https.get().uri(u -> u.path("/2/footprints").queryParam("$filter", "{f}").build("created ge '2024-01-01T00:00:00Z'"))
                .headers(bearer(company)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("NotImplemented");
        https.get().uri("/2/footprints?limit=zero").headers(bearer(company)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("BadRequest");
        https.get().uri("/2/footprints").headers(h -> h.setBearerAuth("very-invalid-access-token")).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("BadRequest");
        Client bank = client(Role.BANK, "GreenBankMSP");
        https.get().uri("/2/footprints").headers(bearer(bank)).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("AccessDenied");
    }

    static String v2Event(String id, String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"//partner.example/2/events\","
                + "\"time\":\"2026-03-05T17:31:00Z\",\"type\":\"org.wbcsd.pathfinder." + type + "\",\"data\":" + data + "}";
    }

    @Test
    void v2RequestCreatedOpensARequestInTheMatchingSuppliersInbox() {
        Client supplier = client(Role.COMPANY, "GansuMSP");
        Client partner = client(Role.COMPANY, "AnhuiMSP");
        String product = urn("product");
        record(supplier, product);
        awaitPact(partner, "/3/footprints?productId=" + product, body -> ids(body).size() == 1);

        String eventId = UUID.randomUUID().toString();
        https.post().uri("/2/events").headers(bearer(partner)).contentType(CLOUDEVENTS)
                .bodyValue(v2Event(eventId, "ProductFootprintRequest.Created.v1",
                        "{\"pf\":{\"productIds\":[\"" + product + "\"]},\"comment\":\"Please send PCF data for this year.\"}"))
                .exchange().expectStatus().isOk().expectBody().isEmpty();

        JsonNode inbox = http.get().uri("/api/v1/supply-chain/requests").headers(bearer(supplier)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(inbox.size()).isEqualTo(1);
        assertThat(inbox.get(0).get("pactEventId").asString()).isEqualTo(eventId);
        assertThat(inbox.get(0).get("productId").asString()).isEqualTo(product);
        assertThat(inbox.get(0).get("comment").asString()).isEqualTo("Please send PCF data for this year.");
    }

    @Test
    void v2EventsAreCheckedAsV2() {
        Client partner = client(Role.COMPANY, "AnhuiMSP");
        https.post().uri("/2/events").headers(bearer(partner)).contentType(CLOUDEVENTS)
                .bodyValue(v2Event(UUID.randomUUID().toString(), "ProductFootprint.Published.v1",
                        "{\"pfIds\":[\"" + UUID.randomUUID() + "\"]}"))
                .exchange().expectStatus().isOk().expectBody().isEmpty();
        for (String bad : List.of(
                v2Event(UUID.randomUUID().toString(), "ProductFootprint.Published.v1", "{\"pfIds\":[\"urn:gtin:4712345060507\"]}"),
                v2Event(UUID.randomUUID().toString(), "ProductFootprintRequest.Created.v1", "{\"comment\":\"no pf\"}"),
                PactEventsApiTest.published(UUID.randomUUID().toString()))) {
            https.post().uri("/2/events").headers(bearer(partner)).contentType(CLOUDEVENTS).bodyValue(bad)
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("BadRequest");
        }
        https.post().uri("/2/events").headers(h -> h.setBearerAuth("very-invalid-access-token")).contentType(CLOUDEVENTS)
                .bodyValue(v2Event(UUID.randomUUID().toString(), "ProductFootprint.Published.v1", "{\"pfIds\":[]}"))
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("BadRequest");
    }
}
