package org.tanji.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.gateway.ledger.ChaincodeEvent;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.Submitted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code footprint:*} at the contract level: who may record, field rules, replacement and the product index. */
class FootprintContractTest extends ContractTestSupport {

    // ---- roles -------------------------------------------------------------------------------

    @Test
    void aCompanyRecordsWithoutAccreditation() {
        LedgerIdentity acme = company(ANHUI, "acme");
        ObjectNode f = footprint();
        JsonNode r = record(acme, f);
        assertThat(r.get("id").asText()).isEqualTo(f.get("id").asText());
        assertThat(r.get("version").asInt()).isEqualTo(1);
        assertThat(r.get("status").asText()).isEqualTo("Active");
        assertThat(r.get("unit").asText()).isEqualTo("kgCO2e");
        assertThat(r.get("submitterId").asText()).isEqualTo("AnhuiMSP/acme");
        assertThat(r.get("submitterMsp").asText()).isEqualTo(ANHUI);
        assertThat(r.get("submitterRole").asText()).isEqualTo("company");
        assertThat(r.get("precedingPfIds").size()).isZero();
        assertThat(r.has("supersededBy")).isFalse();
        assertThat(r.get("recordedAt").asText()).isEqualTo(r.get("updatedAt").asText());
        assertThat(evaluate(bank(GREEN_BANK, "analyst"), "footprint:get", f.get("id").asText())).isEqualTo(r);
    }

    @Test
    void aCertifierRecordsOnlyWithinAnAccreditationCoveringCategoryAndGeography() {
        LedgerIdentity c = certifier(ANHUI, "cert-a");
        ChaincodeRejection none = refused(ErrorCode.NOT_ACCREDITED, c, "footprint:record", json(footprint()));
        assertThat(none.getMessage()).contains("AnhuiMSP/cert-a").contains("not an accredited");

        accredit(admin(ANHUI), c, List.of("lithium-battery"), List.of("CN-AH"));
        JsonNode r = record(c, footprint("lithium-battery", "CN-AH"));
        assertThat(r.get("submitterRole").asText()).isEqualTo("certifier");
        refused(ErrorCode.NOT_ACCREDITED, c, "footprint:record", json(footprint("cement", "CN-AH")));
        refused(ErrorCode.NOT_ACCREDITED, c, "footprint:record", json(footprint("lithium-battery", "CN-GS")));

        submit(admin(ANHUI), "accreditation:suspend", ledgerId(c), "audit");
        ChaincodeRejection suspended = refused(ErrorCode.NOT_ACCREDITED, c, "footprint:record", json(footprint()));
        assertThat(suspended.getMessage()).contains("SUSPENDED");
    }

    @Test
    void anAccreditationOfAnotherCertifierDoesNotHelp() {
        accredit(admin(ANHUI), certifier(ANHUI, "cert-a"), List.of("lithium-battery"), List.of("CN"));
        refused(ErrorCode.NOT_ACCREDITED, certifier(ANHUI, "cert-b"), "footprint:record", json(footprint()));
        // Same CN in another MSP is another identity.
        refused(ErrorCode.NOT_ACCREDITED, certifier(GANSU, "cert-a"), "footprint:record", json(footprint()));
    }

    @Test
    void banksAdminsAndRolelessCallersMayNotRecord() {
        for (LedgerIdentity who : List.of(bank(GREEN_BANK, "teller"), admin(ANHUI), identity(ANHUI, "nobody", ""),
                identity(ANHUI, "auditor", "auditor"))) {
            ObjectNode f = footprint();
            ChaincodeRejection r = refused(ErrorCode.ACCESS_DENIED, who, "footprint:record", json(f));
            assertThat(r.getMessage()).contains(ledgerId(who));
            refusedQuery(ErrorCode.NOT_FOUND, who, "footprint:get", f.get("id").asText());
        }
    }

    // ---- field validation --------------------------------------------------------------------

    static Stream<Arguments> invalidSubmissions() {
        return Stream.of(
                bad("non-UUID id", f -> f.put("id", "footprint-1"), "id must be a lower-case UUID"),
                bad("upper-case UUID id", f -> f.put("id", UUID.randomUUID().toString().toUpperCase()), "id must be a lower-case UUID"),
                bad("missing id", f -> f.remove("id"), "id is required"),
                bad("md5 documentHash", f -> f.put("documentHash", "md5:0123456789abcdef0123456789abcdef"), "documentHash must be"),
                bad("short sha256 documentHash", f -> f.put("documentHash", "sha256:abc"), "documentHash must be"),
                bad("upper-case hex documentHash", f -> f.put("documentHash", "sha256:" + "AB".repeat(32)), "documentHash must be"),
                bad("exponent value", f -> f.put("value", "1e5"), "value must be a decimal string"),
                bad("comma value", f -> f.put("value", "62,5"), "value must be a decimal string"),
                bad("exponent valueIncludingBiogenic", f -> f.put("valueIncludingBiogenic", "6.25E1"), "valueIncludingBiogenic must be"),
                bad("negative declaredUnitAmount", f -> f.put("declaredUnitAmount", "-1"), "declaredUnitAmount must be greater than zero"),
                bad("zero declaredUnitAmount", f -> f.put("declaredUnitAmount", "0.000"), "declaredUnitAmount must be greater than zero"),
                bad("missing declaredUnit", f -> f.remove("declaredUnit"), "declaredUnit is required"),
                bad("end before start", f -> f.put("referencePeriodEnd", "2024-12-31T00:00:00Z"),
                        "referencePeriodEnd must be after referencePeriodStart"),
                bad("end equal to start", f -> f.put("referencePeriodEnd", "2025-01-01T00:00:00Z"),
                        "referencePeriodEnd must be after referencePeriodStart"),
                bad("date-only start", f -> f.put("referencePeriodStart", "2025-01-01"), "referencePeriodStart must be an RFC 3339"),
                bad("unknown lifecycle stage", f -> ((ObjectNode) f.get("stages")).put("transport", "0"),
                        "stages: unknown lifecycle stage 'transport'"),
                bad("stages not adding up", f -> ((ObjectNode) f.get("stages")).put("production", "18.2"),
                        "stages: the lifecycle stages add up to 62.6 but the footprint value is 62.5"),
                bad("exponent stage", f -> ((ObjectNode) f.get("stages")).put("production", "1.81e1"),
                        "stages.production must be a decimal string"),
                bad("no productIds", f -> f.putArray("productIds"), "productIds must list at least one value"),
                bad("productId with a control character", f -> ((ArrayNode) f.get("productIds")).add("urn:x\ty"), "productIds[1] contains a control character"),
                bad("repeated productId", f -> ((ArrayNode) f.get("productIds")).add(f.get("productIds").get(0).asText()), "productIds lists a value twice"),
                bad("no standards", f -> f.remove("standards"), "standards must list at least one value"),
                bad("geography with space", f -> f.put("geography", "CN AH"), "geography has characters"),
                bad("blank productCategory", f -> f.put("productCategory", " "), "productCategory is required"),
                bad("blank productName", f -> f.put("productName", ""), "productName is required"),
                bad("missing companyName", f -> f.remove("companyName"), "companyName is required"),
                bad("non-UUID preceding id", f -> f.putArray("precedingPfIds").add("old-one"), "precedingPfIds[0] must be a lower-case UUID"),
                bad("preceding itself", f -> f.putArray("precedingPfIds").add(f.get("id").asText()), "precedingPfIds[0] repeats"));
    }

    private static Arguments bad(String name, Consumer<ObjectNode> spoil, String message) {
        return Arguments.of(name, spoil, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSubmissions")
    void invalidFieldsAreRefusedNamingTheField(String name, Consumer<ObjectNode> spoil, String message) {
        ObjectNode f = footprint();
        spoil.accept(f);
        ChaincodeRejection r = refused(ErrorCode.INVALID_ARGUMENT, company(ANHUI, "acme"), "footprint:record", json(f));
        assertThat(r.getMessage()).startsWith(message);
    }

    @Test
    void aReductionIsComputedFromTheLedgerRecordsAndOnlyWhenThereIsOne() {
        LedgerIdentity acme = company(ANHUI, "acme");
        ObjectNode first = footprint();
        record(acme, first);
        String firstId = first.get("id").asText();

        ObjectNode notLower = successor(firstId, "62.5");
        notLower.put("claimReduction", true);
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, acme, "footprint:record", json(notLower)).getMessage())
                .startsWith("claimReduction").contains("not lower");
        ObjectNode otherUnit = successor(firstId, "50");
        otherUnit.put("claimReduction", true);
        otherUnit.put("declaredUnit", "kilogram");
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, acme, "footprint:record", json(otherUnit)).getMessage())
                .startsWith("claimReduction").contains("declared unit");
        ObjectNode nothingPreceding = footprint();
        nothingPreceding.put("claimReduction", true);
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, acme, "footprint:record", json(nothingPreceding)).getMessage())
                .startsWith("claimReduction");
        assertThat(evaluate(acme, "footprint:get", firstId).get("status").asText()).isEqualTo("Active");

        ObjectNode lower = successor(firstId, "55");
        lower.put("claimReduction", true);
        JsonNode reduction = record(acme, lower).get("reduction");
        assertThat(reduction.get("precedingPfId").asText()).isEqualTo(firstId);
        assertThat(reduction.get("precedingValue").asText()).isEqualTo("62.5");
        assertThat(reduction.get("value").asText()).isEqualTo("55");
        assertThat(reduction.get("reducedKgCO2e").asText()).isEqualTo("7.5");
        // 7.5 / 62.5 = 0.12
        assertThat(reduction.get("reductionPercent").asText()).isEqualTo("12.00");
        // It stays with the footprint; its predecessor's new version carries none.
        assertThat(evaluate(acme, "footprint:get", firstId).has("reduction")).isFalse();
        ObjectNode unclaimed = successor(lower.get("id").asText(), "50");
        assertThat(record(acme, unclaimed).has("reduction")).isFalse();
    }

    /** A successor of {@code precedingId} whose whole value sits in the production stage. */
    private static ObjectNode successor(String precedingId, String value) {
        ObjectNode f = footprint();
        f.putArray("precedingPfIds").add(precedingId);
        f.put("value", value);
        f.put("valueIncludingBiogenic", value);
        f.putObject("stages").put("production", value);
        return f;
    }

    @Test
    void malformedOrAmbiguousJsonIsInvalid() {
        LedgerIdentity acme = company(ANHUI, "acme");
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, acme, "footprint:record", "{\"id\":").getMessage())
                .contains("FootprintSubmission");
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, acme, "footprint:record", " ").getMessage())
                .contains("empty");
        String json = json(footprint());
        String duplicated = "{\"value\":\"1\"," + json.substring(1);
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, acme, "footprint:record", duplicated).getMessage())
                .contains("value");
    }

    @Test
    void stagesMayBeOmittedAndAreStoredSortedWhenGiven() {
        LedgerIdentity acme = company(ANHUI, "acme");
        ObjectNode without = footprint();
        without.remove("stages");
        assertThat(record(acme, without).get("stages").size()).isZero();

        ObjectNode with = footprint();
        ObjectNode stages = with.putObject("stages");
        stages.put("use", "2.5");
        stages.put("production", "60.00");
        JsonNode r = record(acme, with);
        assertThat(r.get("stages").fieldNames()).toIterable().containsExactly("production", "use");
        assertThat(r.get("stages").get("production").asText()).as("decimals are kept as given").isEqualTo("60.00");
    }

    @Test
    void aReusedIdIsAlreadyExistsAndTheFirstRecordStays() {
        ObjectNode f = footprint();
        JsonNode first = record(company(ANHUI, "acme"), f);
        ObjectNode again = footprint();
        again.put("id", f.get("id").asText());
        again.put("value", "1.0");
        again.remove("stages");
        refused(ErrorCode.ALREADY_EXISTS, company(ANHUI, "acme"), "footprint:record", json(again));
        refused(ErrorCode.ALREADY_EXISTS, company(GANSU, "other"), "footprint:record", json(again));
        assertThat(evaluate(company(ANHUI, "acme"), "footprint:get", f.get("id").asText())).isEqualTo(first);
    }

    @Test
    void queriesValidateTheirArgumentsAndReportMissingFootprints() {
        LedgerIdentity reader = bank(GREEN_BANK, "analyst");
        String unknown = UUID.randomUUID().toString();
        refusedQuery(ErrorCode.NOT_FOUND, reader, "footprint:get", unknown);
        refusedQuery(ErrorCode.NOT_FOUND, reader, "footprint:history", unknown);
        assertThat(refusedQuery(ErrorCode.INVALID_ARGUMENT, reader, "footprint:get", "nope").getMessage()).startsWith("footprintId");
        assertThat(refusedQuery(ErrorCode.INVALID_ARGUMENT, reader, "footprint:history", "nope").getMessage()).startsWith("id");
        assertThat(evaluate(reader, "footprint:byProduct", "urn:gtin:00000000000000").size()).isZero();
    }

    // ---- replacement -------------------------------------------------------------------------

    @Test
    void aMissingPrecedingFootprintIsNotFound() {
        ObjectNode f = footprint();
        String missing = UUID.randomUUID().toString();
        f.putArray("precedingPfIds").add(missing);
        ChaincodeRejection r = refused(ErrorCode.NOT_FOUND, company(ANHUI, "acme"), "footprint:record", json(f));
        assertThat(r.getMessage()).contains("precedingPfIds[0]").contains(missing);
        refusedQuery(ErrorCode.NOT_FOUND, company(ANHUI, "acme"), "footprint:get", f.get("id").asText());
    }

    @Test
    void anotherMspsFootprintMayNotBeSuperseded() {
        JsonNode anhui = record(company(ANHUI, "acme"), footprint());
        ObjectNode f = footprint();
        f.putArray("precedingPfIds").add(anhui.get("id").asText());
        ChaincodeRejection r = refused(ErrorCode.ACCESS_DENIED, company(GANSU, "rival"), "footprint:record", json(f));
        assertThat(r.getMessage()).contains(ANHUI);
        JsonNode old = evaluate(company(ANHUI, "acme"), "footprint:get", anhui.get("id").asText());
        assertThat(old.get("status").asText()).isEqualTo("Active");
        assertThat(old.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void anotherCompanyOfTheSameMspMaySupersede() {
        JsonNode old = record(company(ANHUI, "acme"), footprint());
        ObjectNode f = footprint();
        f.putArray("precedingPfIds").add(old.get("id").asText());
        record(company(ANHUI, "acme-subsidiary"), f);
        assertThat(evaluate(company(ANHUI, "acme"), "footprint:get", old.get("id").asText()).get("status").asText())
                .isEqualTo("Deprecated");
    }

    @Test
    void anAlreadyDeprecatedFootprintCannotBeSupersededAgain() {
        LedgerIdentity acme = company(ANHUI, "acme");
        String v1 = record(acme, footprint()).get("id").asText();
        ObjectNode v2 = footprint();
        v2.putArray("precedingPfIds").add(v1);
        record(acme, v2);

        ObjectNode v2b = footprint();
        v2b.putArray("precedingPfIds").add(v1);
        ChaincodeRejection r = refused(ErrorCode.CONFLICT, acme, "footprint:record", json(v2b));
        assertThat(r.getMessage()).contains("Deprecated").contains(v2.get("id").asText());
    }

    @Test
    void duplicatePrecedingIdsAreInvalid() {
        LedgerIdentity acme = company(ANHUI, "acme");
        String old = record(acme, footprint()).get("id").asText();
        ObjectNode f = footprint();
        f.putArray("precedingPfIds").add(old).add(old);
        ChaincodeRejection r = refused(ErrorCode.INVALID_ARGUMENT, acme, "footprint:record", json(f));
        assertThat(r.getMessage()).startsWith("precedingPfIds[1] repeats " + old);
        assertThat(evaluate(acme, "footprint:get", old).get("status").asText()).isEqualTo("Active");
    }

    @Test
    void aRefusedReplacementDeprecatesNothing() {
        LedgerIdentity acme = company(ANHUI, "acme");
        String good = record(acme, footprint()).get("id").asText();
        ObjectNode f = footprint();
        f.putArray("precedingPfIds").add(good).add(UUID.randomUUID().toString());
        refused(ErrorCode.NOT_FOUND, acme, "footprint:record", json(f));
        JsonNode stillGood = evaluate(acme, "footprint:get", good);
        assertThat(stillGood.get("status").asText()).isEqualTo("Active");
        assertThat(stillGood.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void aReplacementDeprecatesItsPredecessorsInTheSameTransaction() throws InterruptedException {
        LedgerIdentity acme = company(ANHUI, "acme");
        JsonNode a = record(acme, footprint());
        JsonNode b = record(acme, footprint());
        String aId = a.get("id").asText();
        String bId = b.get("id").asText();

        ObjectNode next = footprint();
        String nextId = next.get("id").asText();
        next.putArray("precedingPfIds").add(bId).add(aId);
        Submitted tx = submitRaw(acme, "footprint:record", json(next));
        JsonNode created = parse(tx.payload());
        assertThat(texts(created.get("precedingPfIds"))).containsExactly(bId, aId);
        assertThat(created.get("txId").asText()).isEqualTo(tx.txId());

        for (JsonNode before : List.of(a, b)) {
            JsonNode old = evaluate(acme, "footprint:get", before.get("id").asText());
            assertThat(old.get("status").asText()).isEqualTo("Deprecated");
            assertThat(old.get("version").asInt()).isEqualTo(2);
            assertThat(old.get("supersededBy").asText()).isEqualTo(nextId);
            assertThat(old.get("txId").asText()).as("deprecated by the replacing transaction").isEqualTo(tx.txId());
            assertThat(old.get("updatedAt").asText()).isEqualTo(created.get("recordedAt").asText());
            assertThat(old.get("recordedAt").asText()).as("recordedAt is kept").isEqualTo(before.get("recordedAt").asText());
            // Everything else is carried over unchanged.
            ObjectNode expected = before.deepCopy();
            expected.put("status", "Deprecated").put("version", 2).put("supersededBy", nextId)
                    .put("txId", tx.txId()).put("updatedAt", created.get("recordedAt").asText());
            assertThat(old).isEqualTo(expected);
        }

        JsonNode history = evaluate(acme, "footprint:history", aId);
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.get(0).get("record").get("version").asInt()).isEqualTo(1);
        assertThat(history.get(1).get("record").get("version").asInt()).isEqualTo(2);
        assertThat(history.get(1).get("txId").asText()).isEqualTo(tx.txId());

        ChaincodeEvent replacement = awaitEventOf(tx.txId());
        JsonNode payload = parse(replacement.payload());
        assertThat(payload.get("id").asText()).isEqualTo(nextId);
        assertThat(texts(payload.get("deprecated"))).containsExactly(bId, aId);
    }

    @Test
    void byProductFindsEveryVersionOfAProduct() {
        LedgerIdentity acme = company(ANHUI, "acme");
        ObjectNode first = footprint();
        ((ArrayNode) first.get("productIds")).add("urn:acme:cell-280");
        String firstId = record(acme, first).get("id").asText();
        ObjectNode second = footprint();
        second.putArray("productIds").add("urn:acme:cell-280");
        second.putArray("precedingPfIds").add(firstId);
        String secondId = record(acme, second).get("id").asText();
        ObjectNode unrelated = footprint();
        unrelated.putArray("productIds").add("urn:acme:cell-100");
        record(acme, unrelated);

        JsonNode found = evaluate(bank(GREEN_BANK, "analyst"), "footprint:byProduct", "urn:acme:cell-280");
        assertThat(found.size()).isEqualTo(2);
        List<String> statusById = java.util.stream.StreamSupport.stream(found.spliterator(), false)
                .map(f -> f.get("id").asText() + "=" + f.get("status").asText()).toList();
        assertThat(statusById).containsExactlyInAnyOrder(firstId + "=Deprecated", secondId + "=Active");

        JsonNode byGtin = evaluate(bank(GREEN_BANK, "analyst"), "footprint:byProduct", "urn:gtin:06901234567892");
        assertThat(byGtin.size()).as("only the first named the GTIN").isEqualTo(1);
        assertThat(byGtin.get(0).get("id").asText()).isEqualTo(firstId);
        assertThat(evaluate(acme, "footprint:byProduct", "urn:acme:cell-28").size()).as("no prefix matches").isZero();
    }

    @Test
    void byDocumentListsTheFootprintsOfADocument() {
        LedgerIdentity acme = company(ANHUI, "acme");
        ObjectNode f = footprint();
        record(acme, f);
        JsonNode ids = evaluate(acme, "footprint:byDocument", f.get("documentHash").asText());
        assertThat(texts(ids)).containsExactly(f.get("id").asText());
        assertThat(evaluate(acme, "footprint:byDocument", documentHash()).size()).isZero();
        refusedQuery(ErrorCode.INVALID_ARGUMENT, acme, "footprint:byDocument", "not-a-hash");
    }
}
