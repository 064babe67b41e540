package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.factor.DemoFactorSet;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.security.ReaderIdentity;
import org.tanji.gateway.store.DocumentStore;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./tanji serve --demo}: the seed publishes clearly marked DEMO benchmarks, which grade its
 * labels (a grant without one is refused), and the DEMO factor set in the canonical form whose
 * hash the ledger anchors.
 */
class DemoRegistryTest {

    @Test
    void theDemoLabelsAreGradedByDemoBenchmarksAndTheDemoSetIsAnchoredInCanonicalForm(@TempDir Path data) throws Exception {
        try (RunningRegistry demo = RunningRegistry.start(data, "--tanji.demo=true")) {
            String token = token(demo, data, "cb-anhui-quality");

            // The three demo footprints (62.5 per kWh, 412.7 per piece, 1.92 per kg) are granted, graded by the demo benchmarks.
            Document seeded = Mono.from(demo.bean(MongoDatabase.class).getCollection("meta")
                    .find(Filters.eq("_id", "demo")).first()).block();
            List<String> grades = new ArrayList<>();
            for (String labelId : seeded.getList("labels", String.class)) {
                JsonNode v = demo.http.get().uri("/api/v1/labels/{id}/verification", labelId).exchange()
                        .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
                assertThat(v.get("status").asString()).isEqualTo("VALID");
                grades.add(v.get("footprint").get("productCategory").asString() + ":" + v.get("grade").asString());
            }
            assertThat(grades).containsExactly("lithium-battery:2", "pv-module:3", "steel:2");
            for (String[] categoryUnit : List.of(new String[] {"lithium-battery", "kilowatt hour"},
                    new String[] {"pv-module", "piece"}, new String[] {"steel", "kilogram"})) {
                JsonNode benchmark = demo.http.get().uri("/api/v1/benchmarks/{c}/{u}/current", (Object[]) categoryUnit)
                        .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
                        .expectBody(JsonNode.class).returnResult().getResponseBody();
                assertThat(benchmark.get("source").asString()).as(categoryUnit[0]).contains("DEMO").contains("not an official");
            }

            // The demo set: "2.0" went through the reader's canonical form, and the SHA-256 of the stored
            // bytes, recomputed here, is what the API answers and what the ledger anchors.
            JsonNode set = demo.http.get().uri("/api/v1/factor-sets/{n}/{v}", DemoFactorSet.NAME, DemoFactorSet.VERSION)
                    .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            String documentHash = set.get("documentHash").asString();
            byte[] stored = demo.bean(DocumentStore.class).get(documentHash).block().content();
            assertThat("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)))
                    .isEqualTo(documentHash);
            assertThat(stored).isEqualTo(DemoFactorSet.set().canonical());
            assertThat(new String(stored, StandardCharsets.UTF_8)).contains("\"value\":\"2\"").doesNotContain("\"2.0\"");
            byte[] anchor = demo.bean(Ledger.class).evaluate(demo.bean(ReaderIdentity.class).identity(), "factorset:get",
                    List.of(DemoFactorSet.NAME, DemoFactorSet.VERSION)).block();
            assertThat(CanonicalJson.mapper().readTree(anchor).get("documentHash").asText()).isEqualTo(documentHash);
        }
    }

    /** A token of a demo client, with the secret the seed wrote to {@code demo-clients.json}. */
    private static String token(RunningRegistry demo, Path data, String clientId) throws Exception {
        for (var c : CanonicalJson.mapper().readTree(Files.readString(data.resolve("demo-clients.json")))) {
            if (clientId.equals(c.get("client_id").asText())) {
                return RestartAndTamperTest.token(demo, clientId, c.get("client_secret").asText());
            }
        }
        throw new AssertionError("no demo client " + clientId);
    }
}
