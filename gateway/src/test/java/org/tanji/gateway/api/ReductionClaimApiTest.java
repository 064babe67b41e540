package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.tanji.gateway.ledger.embedded.EmbeddedLedger;
import org.tanji.gateway.security.Role;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A footprint claims a reduction against the version it replaces: the ledger computes it from the
 * two records, whatever the document says, and the label shows it (JSON and page).
 */
class ReductionClaimApiTest extends ApiTest {
    @Autowired
    EmbeddedLedger ledger;
    @Autowired
    MongoDatabase database;

    String category;
    Client company;

    @BeforeEach
    void category() {
        // A category of its own: these tests' footprints replace only each other, and grade by their own benchmark.
        category = "reduced-" + UUID.randomUUID().toString().substring(0, 8);
        company = client(Role.COMPANY, "AnhuiMSP");
    }

    ObjectNode version(String value, String... precedingPfIds) {
        ObjectNode pf = Fixtures.footprint("urn:gtin:06901234567892", category, "CN-AH", value, Map.of("production", value));
        if (precedingPfIds.length > 0) {
            var ids = pf.putArray("precedingPfIds");
            for (String id : precedingPfIds) {
                ids.add(id);
            }
        }
        return pf;
    }

    static ObjectNode claiming(ObjectNode pf) {
        ((ObjectNode) pf.get("extensions").get(0).get("data")).put("claimReduction", true);
        return pf;
    }

    JsonNode record(String footprintId) {
        return http.get().uri("/api/v1/footprints/{id}", footprintId).headers(bearer(company)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("record");
    }

    @Test
    void theLedgerComputesTheReductionAndTheLabelShowsIt() {
        String first = postFootprint(company, version("62.5")).get("id").asString();
        ObjectNode second = claiming(version("55", first));
        // Whatever figure the document itself claims is not what the ledger records.
        ((ObjectNode) second.get("extensions").get(0).get("data")).putObject("reduction").put("reductionPercent", "90");
        String secondId = postFootprint(company, second).get("id").asString();

        JsonNode reduction = record(secondId).get("reduction");
        assertThat(reduction.get("precedingPfId").asString()).isEqualTo(first);
        assertThat(reduction.get("precedingValue").asString()).isEqualTo("62.5");
        assertThat(reduction.get("value").asString()).isEqualTo("55");
        assertThat(reduction.get("reducedKgCO2e").asString()).isEqualTo("7.5");
        assertThat(reduction.get("reductionPercent").asString()).isEqualTo("12.00"); // 7.5 / 62.5 = 12 %
        assertThat(record(first).get("status").asString()).isEqualTo("Deprecated");

        Client certifier = accreditedCertifier("AnhuiMSP", List.of(category), List.of("CN-AH"));
        String labelId = grant(certifier, secondId).get("labelId").asString();
        JsonNode shown = verification(labelId).get("footprint").get("reduction");
        assertThat(shown.get("reductionPercent").asString()).isEqualTo("12.00");
        assertThat(shown.get("precedingPfId").asString()).isEqualTo(first);
        String page = http.get().uri("/l/{id}", labelId).accept(MediaType.TEXT_HTML).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("比上一版本减少").contains("12.00 %")
                .contains("Reduced by 12.00 % (7.5 kg CO₂e) against the preceding version, 62.5 kg CO₂e");

        // A footprint that claims nothing shows nothing.
        String plainLabel = grant(certifier, postFootprint(company, version("50")).get("id").asString()).get("labelId").asString();
        assertThat(verification(plainLabel).get("footprint").has("reduction")).isFalse();
        assertThat(http.get().uri("/l/{id}", plainLabel).exchange().expectBody(String.class).returnResult().getResponseBody())
                .doesNotContain("比上一版本减少");
    }

    @Test
    void aClaimWithoutAReductionIsRefusedAndNothingIsRecorded() {
        String first = postFootprint(company, version("62.5")).get("id").asString();
        long height = ledger.height();
        long docs = documents();

        refused(claiming(version("62.5", first)), "claimReduction", "not lower");
        refused(claiming(version("70", first)), "claimReduction", "not lower");
        ObjectNode otherUnit = claiming(version("50", first));
        ((ObjectNode) otherUnit.get("pcf")).put("declaredUnitOfMeasurement", "kilogram");
        refused(otherUnit, "claimReduction", "declared unit");
        refused(claiming(version("50")), "extensions[0].data.claimReduction", "names none");
        ObjectNode notBoolean = version("50", first);
        ((ObjectNode) notBoolean.get("extensions").get(0).get("data")).put("claimReduction", "yes");
        refused(notBoolean, "extensions[0].data.claimReduction", "true or false");

        assertThat(ledger.height()).as("ledger height after refused claims").isEqualTo(height);
        assertThat(documents()).as("stored documents after refused claims").isEqualTo(docs);
        assertThat(record(first).get("status").asString()).isEqualTo("Active");
    }

    private void refused(ObjectNode footprint, String field, String says) {
        JsonNode problem = http.post().uri("/api/v1/footprints").headers(bearer(company)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(org.tanji.chaincode.support.CanonicalJson.string(footprint)).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(problem.toString()).contains(field);
        assertThat(problem.toString()).contains(says);
    }

    private long documents() {
        return Mono.from(database.getCollection("documents").countDocuments(new Document())).block();
    }
}
