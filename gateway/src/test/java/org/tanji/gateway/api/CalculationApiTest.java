package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.embedded.EmbeddedLedger;
import org.tanji.gateway.security.Role;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/calculations} over real HTTP against the embedded ledger: a hand-worked
 * example, reproducibility, recording, and every bad input refused with nothing left behind.
 */
class CalculationApiTest extends ApiTest {
    @Autowired
    EmbeddedLedger ledger;
    @Autowired
    MongoDatabase database;

    Client admin;
    Client company;
    String set;

    @BeforeEach
    void factorSet() {
        admin = client(Role.REGISTRY_ADMIN, "AnhuiMSP");
        company = client(Role.COMPANY, "AnhuiMSP");
        set = FactorSetApiTest.setName();
        http.post().uri("/api/v1/factor-sets").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", set, "version", "2025", "publisher", "Test registry",
                        "source", "test fixture (not official values)", "region", "CN-AH",
                        "validFrom", "2025-01-01", "validTo", "2025-12-31",
                        "factors", List.of(
                                Map.of("code", "grid", "value", "0.5703", "unit", "kgCO2e/kWh"),
                                Map.of("code", "steel", "value", "2.1", "unit", "tCO2e/t"),
                                Map.of("code", "truck", "value", "62", "unit", "gCO2e/tkm"))))
                .exchange().expectStatus().isCreated();
    }

    static Map<String, Object> input(String description, String quantity, String unit, String factorCode) {
        Map<String, Object> in = new HashMap<>(Map.of("description", description, "quantity", quantity, "unit", unit));
        in.put(factorCode.length() == 36 ? "supplierFootprintId" : "factorCode", factorCode);
        return in;
    }

    /** The hand-worked example below: three stages, mass allocation 0.8, declared unit 10 kg. */
    Map<String, Object> example() {
        Map<String, Object> r = new HashMap<>();
        r.put("productName", "Steel bracket (test)");
        r.put("declaredUnit", Map.of("amount", "10", "unit", "kilogram"));
        r.put("factorSet", Map.of("name", set, "version", "2025"));
        r.put("referencePeriod", Map.of("start", "2025-01-01T00:00:00Z", "end", "2026-01-01T00:00:00Z"));
        r.put("allocation", Map.of("method", "mass", "share", "0.8"));
        r.put("stages", List.of(
                Map.of("stage", "raw-material-acquisition", "inputs", List.of(input("hot-rolled steel", "250", "kg", "steel"))),
                Map.of("stage", "production", "inputs", List.of(input("press line electricity", "1.2", "MWh", "grid"),
                        input("controller standby", "450", "Wh", "grid"))),
                Map.of("stage", "distribution", "inputs", List.of(input("truck to customer", "150", "tkm", "truck")))));
        return r;
    }

    Map<String, Object> recordable(Map<String, Object> request) {
        Map<String, Object> r = new HashMap<>(request);
        r.put("record", true);
        r.put("productCategory", "steel");
        r.put("productIds", List.of("urn:gtin:06901234567892"));
        r.put("companyName", "Test Brackets Co.");
        r.put("companyIds", List.of("urn:uscc:91340100TEST00002X"));
        r.put("geography", "CN-AH");
        r.put("productMassPerDeclaredUnit", "1");
        return r;
    }

    JsonNode calculate(Map<String, Object> request, int status) {
        return http.post().uri("/api/v1/calculations").headers(bearer(company)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).exchange().expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult()
                .getResponseBody();
    }

    /**
     * Worked by hand, per the rounding rule (exact until the last step, then 6 places half-even):
     * <pre>
     * raw-material-acquisition: 250 kg = 0.25 t x 2.1 tCO2e/t = 0.525 t = 525 kg CO2e
     * production:   1.2 MWh = 1200 kWh x 0.5703 = 684.36 kg
     *               450 Wh  = 0.45 kWh x 0.5703 =   0.256635 kg        sum 684.616635 kg
     * distribution: 150 tkm x 62 g = 9300 g = 9.3 kg
     * allocation 0.8, declared amount 10 kg:
     *   raw          525        x 0.8 / 10 = 42                          -> 42.000000
     *   production   684.616635 x 0.8 / 10 = 54.7693308                  -> 54.769331
     *   distribution 9.3        x 0.8 / 10 = 0.744                       -> 0.744000
     * total = 42.000000 + 54.769331 + 0.744000 = 97.513331
     * electricity consumed: (1.2 + 0.00045) MWh x 0.8 = 0.96036 MWh, location-based 54.769331 kg per declared unit
     * </pre>
     */
    @Test
    void theHandWorkedExampleComesOutToTheLastDigit() {
        JsonNode result = calculate(example(), 200);
        assertThat(result.get("byStage").get("raw-material-acquisition").asString()).isEqualTo("42.000000");
        assertThat(result.get("byStage").get("production").asString()).isEqualTo("54.769331");
        assertThat(result.get("byStage").get("distribution").asString()).isEqualTo("0.744000");
        assertThat(result.get("total").asString()).isEqualTo("97.513331");
        assertThat(result.get("unit").asString()).isEqualTo("kgCO2e");
        assertThat(result.get("electricity").get("consumedMwh").asString()).isEqualTo("0.96036");
        assertThat(result.get("electricity").get("locationBasedKgCO2e").asString()).isEqualTo("54.769331");
        JsonNode provenance = result.get("provenance");
        assertThat(provenance.get("factorSet").get("documentHash").asString()).startsWith("sha256:");
        List<String> codes = new ArrayList<>();
        provenance.get("factors").forEach(f -> {
            codes.add(f.get("code").asString());
            assertThat(f.get("documentHash").asString()).isEqualTo(provenance.get("factorSet").get("documentHash").asString());
            assertThat(f.get("version").asString()).isEqualTo("2025");
        });
        assertThat(codes).containsExactly("grid", "steel", "truck");
        assertThat(result.get("dataQuality").get("primaryDataShare").asString()).isEqualTo("0.00");
        assertThat(result.get("resultHash").asString()).startsWith("sha256:");
    }

    @Test
    void theSameInputsGiveTheSameResultHashAndARecordedFootprintRecomputesToIt() {
        String first = calculate(example(), 200).get("resultHash").asString();
        assertThat(calculate(example(), 200).get("resultHash").asString()).isEqualTo(first);
        JsonNode recorded = calculate(recordable(example()), 201);
        assertThat(recorded.get("resultHash").asString()).isEqualTo(first);
        String footprintId = recorded.get("footprint").get("id").asString();

        JsonNode footprint = http.get().uri("/api/v1/footprints/{id}", footprintId).headers(bearer(company)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(footprint.get("record").get("value").asString()).isEqualTo("97.513331");
        // The electricity the calculation consumed is on the ledger record: the cap on its green-certificate claims.
        assertThat(footprint.get("record").get("consumedMwh").asString()).isEqualTo("0.96036");
        assertThat(footprint.get("record").get("stages").get("production").asString()).isEqualTo("54.769331");
        JsonNode calculation = footprint.get("document").get("extensions").get(0).get("data").get("calculation");
        assertThat(calculation.get("resultHash").asString()).isEqualTo(first);

        Client certifier = accreditedCertifier("AnhuiMSP", List.of("steel"), List.of("CN-AH"));
        http.post().uri("/api/v1/calculations/{id}/recomputation", footprintId).headers(bearer(certifier)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.matches").isEqualTo(true)
                .jsonPath("$.recomputedResultHash").isEqualTo(first);

        Map<String, Object> changed = example();
        changed.put("allocation", Map.of("method", "mass", "share", "0.81"));
        assertThat(calculate(changed, 200).get("resultHash").asString()).isNotEqualTo(first);
    }

    /** The market-based example below: 2 MWh of grid electricity and 100 kg of steel, certificates of {@code issuer}. */
    Map<String, Object> marketExample(String issuer, String... startEndMwh) {
        Map<String, Object> r = example();
        List<Map<String, Object>> certificates = new ArrayList<>();
        for (int i = 0; i < startEndMwh.length; i += 3) {
            certificates.add(Map.of("issuer", issuer, "serialStart", startEndMwh[i], "serialEnd", startEndMwh[i + 1],
                    "mwh", startEndMwh[i + 2], "year", 2025));
        }
        r.put("electricity", certificates.isEmpty() ? Map.of("method", "market")
                : Map.of("method", "market", "certificates", certificates));
        r.put("stages", List.of(
                Map.of("stage", "production", "inputs", List.of(input("press line electricity", "2", "MWh", "grid"),
                        input("steel sheet", "100", "kg", "steel"))),
                Map.of("stage", "distribution", "inputs", List.of(input("truck to customer", "150", "tkm", "truck")))));
        return r;
    }

    /**
     * Market-based electricity, worked by hand (set above: grid 0.5703 kgCO2e/kWh, steel 2.1 tCO2e/t,
     * truck 62 gCO2e/tkm; allocation 0.8, declared amount 10 kg, so every kg counts x 0.08):
     * <pre>
     * production:   2 MWh  = 2000 kWh x 0.5703 = 1140.6 kg   (electricity)
     *               100 kg = 0.1 t x 2.1 t      =  210   kg   stage 1350.6 kg
     * distribution: 150 tkm x 62 g = 9.3 kg
     * electricity consumed after allocation: 2 MWh x 0.8 = 1.6 MWh
     * certificates: serials 1-1 hold 1 MWh (1 claimed) + serials 2-3 hold 2 MWh (0.2 claimed) = 1.2 MWh
     * green share 1.2 / 1.6 = 0.75 of every electricity input counts as zero:
     *   production   (1350.6 - 1140.6 x 0.75) x 0.08 = (1350.6 - 855.45) x 0.08 = 495.15 x 0.08 = 39.612 -> 39.612000
     *   distribution 9.3 x 0.08 = 0.744                                                            ->  0.744000
     *   total (market-based) = 39.612000 + 0.744000                                                = 40.356000
     * electricity, location-based: 1140.6 x 0.08 = 91.248 -> 91.248000
     * electricity, market-based:   91.248000 x (1.6 - 1.2) / 1.6 = 22.812 -> 22.812000
     * location-based the stages would be 1350.6 x 0.08 = 108.048000 and 0.744000, total 108.792000;
     * the difference 108.792 - 40.356 = 68.436 is 91.248 - 22.812, the electricity the certificates cover.
     * </pre>
     */
    @Test
    void marketBasedElectricitySubtractsTheCertificatesAndReportsBothFigures() {
        String issuer = "GEC-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode market = calculate(marketExample(issuer, "1", "1", "1", "2", "3", "0.2"), 200);
        assertThat(market.get("byStage").get("production").asString()).isEqualTo("39.612000");
        assertThat(market.get("byStage").get("distribution").asString()).isEqualTo("0.744000");
        assertThat(market.get("total").asString()).isEqualTo("40.356000");
        JsonNode electricity = market.get("electricity");
        assertThat(electricity.get("method").asString()).isEqualTo("market");
        assertThat(electricity.get("consumedMwh").asString()).isEqualTo("1.6");
        assertThat(electricity.get("certificateMwh").asString()).isEqualTo("1.2");
        assertThat(electricity.get("locationBasedKgCO2e").asString()).isEqualTo("91.248000");
        assertThat(electricity.get("marketBasedKgCO2e").asString()).isEqualTo("22.812000");

        Map<String, Object> locationBased = marketExample(issuer);
        locationBased.put("electricity", Map.of("method", "location"));
        JsonNode location = calculate(locationBased, 200);
        assertThat(location.get("total").asString()).isEqualTo("108.792000");
        assertThat(location.get("byStage").get("production").asString()).isEqualTo("108.048000");
        assertThat(location.get("electricity").get("certificateMwh").asString()).isEqualTo("0");
        assertThat(location.get("electricity").get("marketBasedKgCO2e").asString()).isEqualTo("91.248000");
        assertThat(location.get("resultHash").asString()).isNotEqualTo(market.get("resultHash").asString());

        // Recorded, the certificates are claimed against the footprint in the same ledger transaction.
        JsonNode recorded = calculate(recordable(marketExample(issuer, "1", "1", "1", "2", "3", "0.2")), 201);
        assertThat(recorded.get("resultHash").asString()).isEqualTo(market.get("resultHash").asString());
        String footprintId = recorded.get("footprint").get("id").asString();
        JsonNode claims = http.get().uri("/api/v1/green-certificates/claims?footprintId={id}", footprintId)
                .headers(bearer(company)).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
        assertThat(claims.get("claims").size()).isEqualTo(1);
        assertThat(claims.get("claims").get(0).get("totalMwh").asString()).isEqualTo("1.2");
        assertThat(claims.get("electricity").get("marketBasedKgCO2e").asString()).isEqualTo("22.812000");
        assertThat(claims.get("electricity").get("claimedMwh").asString()).isEqualTo("1.2");
        http.post().uri("/api/v1/calculations/{id}/recomputation", footprintId).headers(bearer(company)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.matches").isEqualTo(true)
                .jsonPath("$.total").isEqualTo("40.356000");

        // The same serials again: refused, whoever asks, even for a calculation that records nothing.
        long height = ledger.height();
        long docs = documents();
        JsonNode twice = http.post().uri("/api/v1/calculations").headers(bearer(client(Role.COMPANY, "GansuMSP")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(marketExample(issuer, "3", "9", "1")).exchange()
                .expectStatus().isEqualTo(409).expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(twice.get("code").asString()).isEqualTo("ALREADY_CLAIMED");
        assertThat(twice.get("detail").asString()).contains(footprintId);
        assertThat(twice.get("errors").get(0).get("field").asString()).isEqualTo("electricity.certificates[0]");
        assertThat(twice.get("errors").get(0).get("message").asString())
                .contains("claimed by claim " + claims.get("claims").get(0).get("claimId").asString());
        calculate(recordable(marketExample(issuer, "3", "9", "1")), 409);
        assertThat(ledger.height()).isEqualTo(height);
        assertThat(documents()).isEqualTo(docs);
    }

    @Test
    void certificatesBeyondWhatTheyHoldOrTheCalculationConsumedAreRefusedAndNothingIsRecorded() {
        String issuer = "GEC-" + UUID.randomUUID().toString().substring(0, 8);
        long height = ledger.height();
        long docs = documents();
        // 1.6 MWh consumed after allocation; 2 MWh of certificates is more.
        JsonNode problem = refused(recordable(marketExample(issuer, "1", "2", "2")), 422, "electricity.certificates");
        assertThat(problem.toString()).contains("1.6 MWh");
        // Serials 1-3 hold 3 MWh, not 3.5.
        refused(recordable(marketExample(issuer, "1", "3", "3.5")), 400, "electricity.certificates[0].mwh");
        refused(recordable(marketExample(issuer, "1", "3", "0")), 400, "electricity.certificates[0].mwh");
        refused(marketExample(issuer, "5", "3", "1"), 400, "electricity.certificates[0].serialEnd");
        Map<String, Object> locationWithCertificates = marketExample(issuer, "1", "1", "1");
        locationWithCertificates.put("electricity", Map.of("method", "location", "certificates",
                List.of(Map.of("issuer", issuer, "serialStart", "1", "serialEnd", "1", "mwh", "1", "year", 2025))));
        refused(locationWithCertificates, 400, "electricity.certificates");
        // The reference period is 2025; certificates generated in 2024 do not count for it.
        Map<String, Object> lastYear = marketExample(issuer, "1", "1", "1");
        lastYear.put("electricity", Map.of("method", "market", "certificates",
                List.of(Map.of("issuer", issuer, "serialStart", "1", "serialEnd", "1", "mwh", "1", "year", 2024))));
        assertThat(refused(lastYear, 422, "electricity.certificates[0].year").toString()).contains("the year 2025");
        refused(recordable(lastYear), 422, "electricity.certificates[0].year");
        assertThat(ledger.height()).isEqualTo(height);
        assertThat(documents()).isEqualTo(docs);
    }

    @Test
    void aRecordedCalculationClaimsAReductionTheLedgerComputes() {
        String first = calculate(recordable(example()), 201).get("footprint").get("id").asString();
        Map<String, Object> better = recordable(example());
        // 200 kg of steel instead of 250: raw materials 420 kg x 0.08 = 33.6, total 89.113331.
        better.put("stages", List.of(
                Map.of("stage", "raw-material-acquisition", "inputs", List.of(input("hot-rolled steel", "200", "kg", "steel"))),
                Map.of("stage", "production", "inputs", List.of(input("press line electricity", "1.2", "MWh", "grid"),
                        input("controller standby", "450", "Wh", "grid"))),
                Map.of("stage", "distribution", "inputs", List.of(input("truck to customer", "150", "tkm", "truck")))));
        better.put("precedingPfIds", List.of(first));
        better.put("claimReduction", true);
        JsonNode recorded = calculate(better, 201);
        assertThat(recorded.get("total").asString()).isEqualTo("89.113331");
        JsonNode reduction = http.get().uri("/api/v1/footprints/{id}", recorded.get("footprint").get("id").asString())
                .headers(bearer(company)).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody().get("record").get("reduction");
        // 97.513331 - 89.113331 = 8.4; 8.4 / 97.513331 = 8.614 %
        assertThat(reduction.get("reducedKgCO2e").asString()).isEqualTo("8.400000");
        assertThat(reduction.get("reductionPercent").asString()).isEqualTo("8.61");
        assertThat(reduction.get("precedingPfId").asString()).isEqualTo(first);

        Map<String, Object> unrecorded = example();
        unrecorded.put("claimReduction", true);
        refused(unrecorded, 400, "claimReduction");
    }

    /**
     * Footprints submitted with a calculation extension can name any id as a supplier, even one not
     * recorded yet; recording that id with them as its supplier would close a loop three deep.
     */
    @Test
    void aCycleThroughSubmittedSupplierFootprintsIsRefusedNamingItsPath() {
        String x = UUID.randomUUID().toString();
        Client supplier = client(Role.COMPANY, "GansuMSP");
        String y = postFootprint(supplier, namingSupplier(x)).get("id").asString();
        String z = postFootprint(supplier, namingSupplier(y)).get("id").asString();
        long height = ledger.height();
        long docs = documents();
        Map<String, Object> cycle = recordable(example());
        cycle.put("id", x);
        cycle.put("stages", List.of(Map.of("stage", "production", "inputs", List.of(input("cells", "1", "kWh", z)))));
        JsonNode problem = refused(cycle, 422, "stages[0].inputs[0].supplierFootprintId");
        assertThat(problem.toString()).contains(x + " -> " + z + " -> " + y + " -> " + x);
        assertThat(ledger.height()).isEqualTo(height);
        assertThat(documents()).isEqualTo(docs);
    }

    private static ObjectNode namingSupplier(String supplierId) {
        var pf = Fixtures.battery();
        var data = (ObjectNode) pf.get("extensions").get(0).get("data");
        data.putObject("calculation").putObject("provenance").putArray("supplierFootprints").addObject().put("id", supplierId);
        return pf;
    }

    /** The example with one input: 2 MWh of the supplier footprint {@code cells}. */
    Map<String, Object> cellsExample(String cells) {
        Map<String, Object> r = example();
        r.put("stages", List.of(Map.of("stage", "raw-material-acquisition",
                "inputs", List.of(input("battery cells", "2", "MWh", cells)))));
        return r;
    }

    @Test
    void aSupplierFootprintCountsPerItsDeclaredUnit() {
        Client supplier = client(Role.COMPANY, "GansuMSP");
        String cells = postFootprint(supplier, Fixtures.battery()).get("id").asString(); // 62.5 kg per kWh
        // 2 MWh of cells = 2000 kWh x 62.5 = 125000 kg; x 0.8 / 10 = 10000 per declared unit.
        Map<String, Object> r = cellsExample(cells);
        JsonNode result = calculate(r, 200);
        assertThat(result.get("total").asString()).isEqualTo("10000.000000");
        JsonNode used = result.get("provenance").get("supplierFootprints").get(0);
        assertThat(used.get("id").asString()).isEqualTo(cells);
        assertThat(used.get("documentHash").asString()).startsWith("sha256:");
        assertThat(used.get("recordHash").asString()).startsWith("sha256:");
    }

    /**
     * A supplier replaces its footprint after a calculation used it. The recorded calculation still
     * recomputes to its own resultHash: it is read with the supplier version its provenance names,
     * not the supplier's current, Deprecated record. A new calculation may not use the old version.
     */
    @Test
    void aCalculationRecomputesAfterItsSupplierFootprintWasReplaced() {
        Client supplier = client(Role.COMPANY, "GansuMSP");
        String cells = postFootprint(supplier, Fixtures.battery()).get("id").asString(); // 62.5 kg per kWh
        Map<String, Object> r = cellsExample(cells);
        JsonNode recorded = calculate(recordable(r), 201);
        String resultHash = recorded.get("resultHash").asString();
        String footprintId = recorded.get("footprint").get("id").asString();

        var replacement = Fixtures.battery();
        replacement.putArray("precedingPfIds").add(cells);
        String successor = postFootprint(supplier, replacement).get("id").asString();
        JsonNode current = http.get().uri("/api/v1/footprints/{id}", cells).headers(bearer(supplier)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(current.get("record").get("status").asString()).isEqualTo("Deprecated");

        Client certifier = accreditedCertifier("AnhuiMSP", List.of("steel"), List.of("CN-AH"));
        JsonNode recomputed = http.post().uri("/api/v1/calculations/{id}/recomputation", footprintId)
                .headers(bearer(certifier)).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
        assertThat(recomputed.get("matches").asBoolean()).as(recomputed.toString()).isTrue();
        assertThat(recomputed.get("recomputedResultHash").asString()).isEqualTo(resultHash);
        assertThat(recomputed.get("total").asString()).isEqualTo("10000.000000");

        // A new calculation is refused the replaced version, and told which footprint replaced it.
        long height = ledger.height();
        long docs = documents();
        JsonNode problem = refused(recordable(r), 422, "stages[0].inputs[0].supplierFootprintId");
        assertThat(problem.toString()).contains(cells).contains("Deprecated").contains(successor);
        assertThat(ledger.height()).isEqualTo(height);
        assertThat(documents()).isEqualTo(docs);
    }

    /**
     * PACT's aggregated data-quality figures, worked by hand. Every input weighs with its emissions
     * (kg CO2e before allocation, which scales every input alike):
     * <pre>
     * steel  250 kg = 0.25 t x 2.1 tCO2e/t   = 525      kg  own measurement (primaryData): 100 %  DQR 1 / 2 / 1
     * grid   1.2 MWh = 1200 kWh x 0.5703     = 684.36   kg  secondary:                       0 %  DQR 2 / 1 / 3
     * truck  150 tkm x 62 g                  =   9.3    kg  secondary:                       0 %  not rated
     * cells  0.1 kWh x 62.5 kg/kWh           =   6.25   kg  the supplier's primaryDataShare: 40 %  not rated
     * weight of all inputs                     1224.91  kg
     * primaryDataShare = (525 x 100 + 6.25 x 40) / 1224.91 = 52750 / 1224.91 = 43.0643...  -> 43.06
     * dqi, over the rated inputs: 525 + 684.36 = 1209.36 kg
     *   coveragePercent  = 1209.36 x 100 / 1224.91                     = 98.7305...  -> 98.73
     *   technologicalDQR = (525 x 1 + 684.36 x 2) / 1209.36 = 1893.72 / 1209.36 = 1.5658... -> 1.57
     *   temporalDQR      = (525 x 2 + 684.36 x 1) / 1209.36 = 1734.36 / 1209.36 = 1.4341... -> 1.43
     *   geographicalDQR  = (525 x 1 + 684.36 x 3) / 1209.36 = 2578.08 / 1209.36 = 2.1317... -> 2.13
     * each rounded once, to 2 places half-even. Unweighted, the primary shares would average 35.
     * </pre>
     */
    @Test
    void dataQualityIsWeightedByEachInputsEmissions() {
        var cellsFootprint = Fixtures.battery(); // 62.5 kg per kWh
        Fixtures.pcf(cellsFootprint).put("primaryDataShare", "40");
        String cells = postFootprint(client(Role.COMPANY, "GansuMSP"), cellsFootprint).get("id").asString();
        Map<String, Object> steel = input("hot-rolled steel", "250", "kg", "steel");
        steel.put("primaryData", true);
        steel.put("dqi", Map.of("technologicalDQR", "1", "temporalDQR", "2", "geographicalDQR", "1"));
        Map<String, Object> grid = input("press line electricity", "1.2", "MWh", "grid");
        grid.put("primaryData", false);
        grid.put("dqi", Map.of("technologicalDQR", "2", "temporalDQR", "1", "geographicalDQR", "3"));
        Map<String, Object> r = recordable(example());
        r.put("stages", List.of(
                Map.of("stage", "raw-material-acquisition", "inputs", List.of(steel, input("battery cells", "0.1", "kWh", cells))),
                Map.of("stage", "production", "inputs", List.of(grid)),
                Map.of("stage", "distribution", "inputs", List.of(input("truck to customer", "150", "tkm", "truck")))));

        JsonNode result = calculate(r, 201);
        JsonNode quality = result.get("dataQuality");
        assertThat(quality.get("primaryDataShare").asString()).isEqualTo("43.06");
        assertThat(quality.get("dqi").get("coveragePercent").asString()).isEqualTo("98.73");
        assertThat(quality.get("dqi").get("technologicalDQR").asString()).isEqualTo("1.57");
        assertThat(quality.get("dqi").get("temporalDQR").asString()).isEqualTo("1.43");
        assertThat(quality.get("dqi").get("geographicalDQR").asString()).isEqualTo("2.13");
        // The recorded footprint carries them as PACT's own fields.
        JsonNode pcf = http.get().uri("/api/v1/footprints/{id}", result.get("footprint").get("id").asString())
                .headers(bearer(company)).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody().get("document").get("pcf");
        assertThat(pcf.get("primaryDataShare").asString()).isEqualTo("43.06");
        assertThat(pcf.get("dqi").get("coveragePercent").asString()).isEqualTo("98.73");
        assertThat(pcf.get("dqi").get("geographicalDQR").asString()).isEqualTo("2.13");
    }

    /**
     * A footprint whose anchored document claims a calculation its own inputs do not reproduce. A
     * registry-made document is taken as delivered, the request inside it edited (250 kg of steel
     * became 200) and submitted as a footprint of its own: the store and the ledger anchor it as it
     * is, and a recomputation from what it anchors gives another hash, which the answer says.
     */
    @Test
    void aFootprintWhoseAnchoredInputsDoNotReproduceItsResultHashDoesNotMatch() throws Exception {
        JsonNode recorded = calculate(recordable(example()), 201);
        String resultHash = recorded.get("resultHash").asString();
        JsonNode document = http.get().uri("/api/v1/footprints/{id}", recorded.get("footprint").get("id").asString())
                .headers(bearer(company)).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody().get("document");
        ObjectNode edited = (ObjectNode) CanonicalJson.mapper().readTree(document.toString());
        edited.remove("id");
        var request = edited.get("extensions").get(0).get("data").get("calculation").get("request");
        ObjectNode steel = (ObjectNode) request.get("stages").get(0).get("inputs").get(0);
        assertThat(steel.get("quantity").asText()).isEqualTo("250");
        steel.put("quantity", "200");
        String forged = postFootprint(company, edited).get("id").asString();

        JsonNode recomputed = http.post().uri("/api/v1/calculations/{id}/recomputation", forged).headers(bearer(company))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(recomputed.get("matches").asBoolean()).as(recomputed.toString()).isFalse();
        assertThat(recomputed.get("recordedResultHash").asString()).isEqualTo(resultHash);
        assertThat(recomputed.get("recomputedResultHash").asString()).startsWith("sha256:").isNotEqualTo(resultHash);
        // 200 kg of steel: raw materials 420 kg x 0.08 = 33.6, total 33.6 + 54.769331 + 0.744 = 89.113331.
        assertThat(recomputed.get("total").asString()).isEqualTo("89.113331");
    }

    /**
     * Which inputs are electricity is decided from the factor, not from how its unit is spelled: a
     * factor per "kilowatt hour" is electricity like one per kWh, and a factor that says it is a
     * fuel is not, though its unit is per kWh (natural gas is often given per kWh of heat).
     * <pre>
     * grid 2 MWh at 0.5 kgCO2e/kilowatt hour (no kind: energy by the watt-hour) = 1000 kg, electricity
     * gas  3 MWh at 0.2 kgCO2e/kWh, kind fuel                                    =  600 kg, not electricity
     * heat 100 MJ at 0.05 kgCO2e/MJ (no kind: energy by the joule)               =    5 kg, not electricity
     * declared amount 1 piece, no allocation: consumedMwh 2, location-based 1000.000000, total 1605.000000
     * </pre>
     */
    @Test
    void electricityIsTheFactorsKindOrEnergyByTheWattHourWhateverTheSpelling() {
        String energy = FactorSetApiTest.setName();
        http.post().uri("/api/v1/factor-sets").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", energy, "version", "1", "publisher", "Test registry",
                        "source", "test fixture (not official values)", "validFrom", "2025-01-01",
                        "factors", List.of(
                                Map.of("code", "grid", "value", "0.5", "unit", "kgCO2e/kilowatt hour"),
                                Map.of("code", "gas", "value", "0.2", "unit", "kgCO2e/kWh", "kind", "fuel"),
                                Map.of("code", "heat", "value", "0.05", "unit", "kgCO2e/MJ"))))
                .exchange().expectStatus().isCreated();
        Map<String, Object> r = new HashMap<>(example());
        r.remove("allocation");
        r.put("declaredUnit", Map.of("amount", "1", "unit", "piece"));
        r.put("factorSet", Map.of("name", energy, "version", "1"));
        r.put("stages", List.of(Map.of("stage", "production", "inputs", List.of(input("grid", "2", "MWh", "grid"),
                input("gas boiler", "3", "MWh", "gas"), input("steam", "100", "MJ", "heat")))));
        JsonNode result = calculate(r, 200);
        assertThat(result.get("total").asString()).isEqualTo("1605.000000");
        assertThat(result.get("electricity").get("consumedMwh").asString()).isEqualTo("2");
        assertThat(result.get("electricity").get("locationBasedKgCO2e").asString()).isEqualTo("1000.000000");
        List<String> kinds = new ArrayList<>();
        result.get("provenance").get("factors").forEach(f -> kinds.add(f.get("code").asString() + ":"
                + (f.has("kind") ? f.get("kind").asString() : "-")));
        assertThat(kinds).containsExactly("gas:fuel", "grid:-", "heat:-");

        // Certificates count only against the electricity: 3 MWh of them are more than the 2 consumed.
        String issuer = "GEC-" + UUID.randomUUID().toString().substring(0, 8);
        r.put("electricity", Map.of("method", "market", "certificates",
                List.of(Map.of("issuer", issuer, "serialStart", "1", "serialEnd", "3", "mwh", "3", "year", 2025))));
        assertThat(message(refused(r, 422, "electricity.certificates"), "electricity.certificates")).contains("the 2 MWh");
    }

    @Test
    void badInputsAreNamedAndNothingIsRecorded() {
        long height = ledger.height();
        long docs = documents();

        Map<String, Object> wrongDimension = recordable(example());
        wrongDimension.put("stages", List.of(Map.of("stage", "production", "inputs", List.of(input("oops", "5", "kg", "grid")))));
        JsonNode problem = refused(wrongDimension, 422, "stages[0].inputs[0].unit");
        // The input's unit and the factor's activity unit, each on its own, then the factor's full unit.
        assertThat(message(problem, "stages[0].inputs[0].unit"))
                .startsWith("kg cannot be converted to kWh: factor grid is in kgCO2e/kWh (different dimensions)");

        Map<String, Object> unknown = recordable(example());
        unknown.put("stages", List.of(Map.of("stage", "production", "inputs", List.of(input("x", "5", "kWh", "no-such-code")))));
        refused(unknown, 422, "stages[0].inputs[0].factorCode");

        for (String quantity : List.of("0", "-3")) {
            Map<String, Object> nonPositive = recordable(example());
            nonPositive.put("stages", List.of(Map.of("stage", "production", "inputs", List.of(input("x", quantity, "kWh", "grid")))));
            refused(nonPositive, 400, "stages[0].inputs[0].quantity");
        }

        Map<String, Object> outOfPeriod = recordable(example());
        outOfPeriod.put("referencePeriod", Map.of("start", "2025-07-01T00:00:00Z", "end", "2026-07-01T00:00:00Z"));
        refused(outOfPeriod, 422, "factorSet");

        Map<String, Object> noSuchSet = recordable(example());
        noSuchSet.put("factorSet", Map.of("name", set, "version", "1999"));
        refused(noSuchSet, 422, "factorSet");

        String self = UUID.randomUUID().toString();
        Map<String, Object> cycle = recordable(example());
        cycle.put("id", self);
        cycle.put("stages", List.of(Map.of("stage", "production", "inputs", List.of(input("itself", "1", "kg", self)))));
        assertThat(refused(cycle, 422, "stages[0].inputs[0].supplierFootprintId").toString()).contains("cycle");

        Map<String, Object> missingSupplier = recordable(example());
        missingSupplier.put("stages", List.of(Map.of("stage", "production",
                "inputs", List.of(input("ghost", "1", "kg", UUID.randomUUID().toString())))));
        refused(missingSupplier, 422, "stages[0].inputs[0].supplierFootprintId");

        Map<String, Object> badStage = recordable(example());
        badStage.put("stages", List.of(Map.of("stage", "teleportation", "inputs", List.of(input("x", "1", "kWh", "grid")))));
        refused(badStage, 400, "stages[0].stage");

        Map<String, Object> badShare = recordable(example());
        badShare.put("allocation", Map.of("method", "mass", "share", "1.5"));
        refused(badShare, 400, "allocation.share");

        assertThat(ledger.height()).as("ledger height after refused calculations").isEqualTo(height);
        assertThat(documents()).as("stored documents after refused calculations").isEqualTo(docs);
    }

    private JsonNode refused(Map<String, Object> request, int status, String field) {
        JsonNode problem = http.post().uri("/api/v1/calculations").headers(bearer(company)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).exchange().expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(problem.toString()).contains(field);
        return problem;
    }

    /** The message of the problem's error naming {@code field}. */
    private static String message(JsonNode problem, String field) {
        for (JsonNode e : problem.get("errors")) {
            if (field.equals(e.get("field").asString())) {
                return e.get("message").asString();
            }
        }
        throw new AssertionError("no error names " + field + ": " + problem);
    }

    private long documents() {
        return Mono.from(database.getCollection("documents").countDocuments(new Document())).block();
    }
}
