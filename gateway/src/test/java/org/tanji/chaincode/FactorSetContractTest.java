package org.tanji.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.gateway.ledger.ChaincodeEvent;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.Submitted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code factorset:*} and {@code benchmark:*}: who publishes, immutability of versions, indexes and events. */
class FactorSetContractTest extends ContractTestSupport {

    static ObjectNode factorSet(String name, String version, String region) {
        ObjectNode a = JSON.createObjectNode();
        a.put("name", name);
        a.put("version", version);
        a.put("publisher", "Anhui registry (test)");
        a.put("source", "test fixture, not official values");
        if (region != null) {
            a.put("region", region);
        }
        a.put("validFrom", "2025-01-01");
        a.put("validTo", "2025-12-31");
        a.put("documentHash", documentHash());
        a.put("factorCount", 3);
        return a;
    }

    @Test
    void aRegistryAdminAnchorsASetWithOneEventAndFindsItByNameAndRegion() throws Exception {
        LedgerIdentity admin = admin(ANHUI);
        ObjectNode set = factorSet("cn-grid", "2025.1", "CN-AH");
        Submitted tx = submitRaw(admin, "factorset:anchor", json(set));
        JsonNode record = parse(tx.payload());
        assertThat(record.get("documentHash").asText()).isEqualTo(set.get("documentHash").asText());
        assertThat(record.get("anchoredBy").asText()).isEqualTo(ledgerId(admin));
        assertThat(record.get("factorCount").asInt()).isEqualTo(3);
        ChaincodeEvent event = awaitEventOf(tx.txId());
        assertThat(event.name()).isEqualTo("tanji.factorset");

        assertThat(evaluate(admin, "factorset:get", "cn-grid", "2025.1")).isEqualTo(record);
        assertThat(evaluate(company(ANHUI, "acme"), "factorset:byRegion", "CN-AH")).containsExactly(record);
        assertThat(evaluate(admin, "factorset:byRegion", "CN-GS")).isEmpty();
        assertThat(evaluate(admin, "factorset:versions", "cn-grid")).containsExactly(record);
        assertThat(evaluate(admin, "factorset:list")).containsExactly(record);
    }

    @Test
    void reAnchoringAnExistingVersionIsRefusedAndANewVersionIsNot() {
        LedgerIdentity admin = admin(ANHUI);
        submit(admin, "factorset:anchor", json(factorSet("cn-grid", "2025.1", "CN-AH")));
        assertThat(refused(ErrorCode.ALREADY_EXISTS, admin(GANSU), "factorset:anchor",
                json(factorSet("cn-grid", "2025.1", "CN-AH"))).getMessage()).contains("versions are immutable");
        submit(admin, "factorset:anchor", json(factorSet("cn-grid", "2025.2", "CN-AH")));
        assertThat(evaluate(admin, "factorset:versions", "cn-grid")).hasSize(2);
    }

    @Test
    void onlyARegistryAdminMayPublish() {
        for (LedgerIdentity notAdmin : List.of(company(ANHUI, "acme"), certifier(ANHUI, "cert-a"), bank(GREEN_BANK, "teller"))) {
            refused(ErrorCode.ACCESS_DENIED, notAdmin, "factorset:anchor", json(factorSet("cn-grid", "1", null)));
            refused(ErrorCode.ACCESS_DENIED, notAdmin, "benchmark:publish", json(benchmark("1", "2", "3", "4", "5")));
        }
        assertThat(evaluate(admin(ANHUI), "factorset:list")).isEmpty();
    }

    @Test
    void badAnchorsNameTheirField() {
        LedgerIdentity admin = admin(ANHUI);
        ObjectNode backwards = factorSet("cn-grid", "1", null);
        backwards.put("validTo", "2024-12-31");
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, admin, "factorset:anchor", json(backwards)).getMessage()).startsWith("validTo");
        ObjectNode noHash = factorSet("cn-grid", "1", null);
        noHash.put("documentHash", "md5:abc");
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, admin, "factorset:anchor", json(noHash)).getMessage()).startsWith("documentHash");
        ObjectNode empty = factorSet("cn-grid", "1", null);
        empty.put("factorCount", 0);
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, admin, "factorset:anchor", json(empty)).getMessage()).startsWith("factorCount");
    }

    @Test
    void benchmarksCountVersionsUpAndRefuseThresholdsThatDoNotAscend() throws Exception {
        LedgerIdentity admin = admin(ANHUI);
        Submitted first = submitRaw(admin, "benchmark:publish", json(benchmark("40", "50", "60", "70", "80")));
        assertThat(parse(first.payload()).get("version").asInt()).isEqualTo(1);
        assertThat(awaitEventOf(first.txId()).name()).isEqualTo("tanji.benchmark");
        JsonNode second = submit(admin, "benchmark:publish", json(benchmark("35", "45", "55", "65", "75")));
        assertThat(second.get("version").asInt()).isEqualTo(2);
        assertThat(evaluate(admin, "benchmark:versions", "lithium-battery", "kilowatt hour")).hasSize(2);
        assertThat(evaluate(admin, "benchmark:current", "lithium-battery", "kilowatt hour", "2026-06-30").get("version").asInt())
                .isEqualTo(2);
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, admin, "benchmark:publish",
                json(benchmark("40", "50", "50", "70", "80"))).getMessage()).startsWith("thresholds[2]");
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, admin, "benchmark:publish",
                json(benchmark("40", "50", "60", "70"))).getMessage()).startsWith("thresholds");
        refusedQuery(ErrorCode.NO_BENCHMARK, admin, "benchmark:current", "steel", "tonne", "2026-06-30");
    }
}
