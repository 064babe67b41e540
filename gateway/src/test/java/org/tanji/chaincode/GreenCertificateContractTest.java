package org.tanji.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.Submitted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code greencert:*}: a certificate serial is claimed once, network-wide, whoever asks, and a
 * footprint's claims stay within the electricity its ledger record says it consumed.
 */
class GreenCertificateContractTest extends ContractTestSupport {

    static ObjectNode claim(String footprintId, String... issuerStartEndMwh) {
        ObjectNode c = JSON.createObjectNode();
        c.put("footprintId", footprintId);
        ArrayNode certificates = c.putArray("certificates");
        for (int i = 0; i < issuerStartEndMwh.length; i += 4) {
            ObjectNode r = certificates.addObject();
            r.put("issuer", issuerStartEndMwh[i]);
            r.put("serialStart", issuerStartEndMwh[i + 1]);
            r.put("serialEnd", issuerStartEndMwh[i + 2]);
            r.put("mwh", issuerStartEndMwh[i + 3]);
            r.put("year", 2025);
        }
        return c;
    }

    /** A {@code greencert:check} body: the claim's certificates, for a 2025 reference period. */
    static ObjectNode check(ObjectNode claim) {
        ObjectNode c = JSON.createObjectNode();
        c.set("certificates", claim.get("certificates"));
        c.put("referencePeriodStart", "2025-01-01T00:00:00Z");
        c.put("referencePeriodEnd", "2026-01-01T00:00:00Z");
        return c;
    }

    /**
     * A certificate counts only for a year of the footprint's reference period, however it reaches
     * the contract: a claim, a footprint recorded with its certificates, or a check.
     */
    @Test
    void aCertificateYearOutsideTheReferencePeriodIsRefusedOnEveryPath() {
        LedgerIdentity acme = company(ANHUI, "acme");
        String footprintId = footprintOf(acme); // 2025-01-01T00:00Z to 2026-01-01T00:00Z
        ObjectNode of2024 = claim(footprintId, "SGCC", "9001", "9010", "10");
        ((ObjectNode) of2024.get("certificates").get(0)).put("year", 2024);
        assertThat(refused(ErrorCode.OUTSIDE_REFERENCE_PERIOD, acme, "greencert:claim", json(of2024)).getMessage())
                .startsWith("certificates[0].year (2024) of SGCC serials 9001-9010 is outside the reference period");

        ObjectNode recorded = footprint();
        ObjectNode of2026 = claim("", "SGCC", "9001", "9010", "10");
        ((ObjectNode) of2026.get("certificates").get(0)).put("year", 2026);
        recorded.set("certificates", of2026.get("certificates"));
        recorded.put("consumedMwh", "50");
        refused(ErrorCode.OUTSIDE_REFERENCE_PERIOD, acme, "footprint:record", json(recorded));
        refusedQuery(ErrorCode.NOT_FOUND, acme, "footprint:get", recorded.get("id").asText());

        refusedQuery(ErrorCode.OUTSIDE_REFERENCE_PERIOD, acme, "greencert:check", json(check(of2026)));
        ObjectNode noPeriod = JSON.createObjectNode();
        noPeriod.set("certificates", of2026.get("certificates"));
        assertThat(refusedQuery(ErrorCode.INVALID_ARGUMENT, acme, "greencert:check", json(noPeriod)).getMessage())
                .contains("referencePeriodStart");
        // A period over two calendar years takes certificates of either.
        ObjectNode twoYears = check(of2026);
        twoYears.put("referencePeriodStart", "2025-07-01T00:00:00Z");
        twoYears.put("referencePeriodEnd", "2026-07-01T00:00:00Z");
        assertThat(evaluate(acme, "greencert:check", json(twoYears)).get("totalMwh").asText()).isEqualTo("10");
        assertThat(evaluate(acme, "greencert:byFootprint", footprintId).size()).isZero();
    }

    /** A footprint recorded with the electricity its calculation consumed, ample for the claims of these tests. */
    private String footprintOf(LedgerIdentity company) {
        return footprintOf(company, "1000000");
    }

    /** @param consumedMwh {@code null} for a footprint recorded without a calculation */
    private String footprintOf(LedgerIdentity company, String consumedMwh) {
        ObjectNode f = footprint();
        if (consumedMwh != null) {
            f.put("consumedMwh", consumedMwh);
        }
        record(company, f);
        return f.get("id").asText();
    }

    @Test
    void anOverlapWithAnEarlierClaimIsRefusedNamingThatClaim() throws Exception {
        LedgerIdentity acme = company(ANHUI, "acme");
        String footprintId = footprintOf(acme);
        Submitted first = submitRaw(acme, "greencert:claim", json(claim(footprintId, "SGCC", "1001", "1100", "100")));
        JsonNode claimed = parse(first.payload());
        assertThat(claimed.get("claimId").asText()).isEqualTo(first.txId());
        assertThat(claimed.get("totalMwh").asText()).isEqualTo("100");
        assertThat(awaitEventOf(first.txId()).name()).isEqualTo("tanji.greencert");

        // Another organisation, another footprint: still refused, because serials are network-wide.
        LedgerIdentity other = company(GANSU, "other");
        String otherFootprint = footprintOf(other);
        for (String[] overlapping : List.of(
                new String[] {"1100", "1200"},   // shares the last serial
                new String[] {"900", "1001"},    // shares the first serial
                new String[] {"1050", "1060"},   // inside
                new String[] {"1", "99999"})) {  // around
            ChaincodeRejection refusal = refused(ErrorCode.ALREADY_CLAIMED, other, "greencert:claim",
                    json(claim(otherFootprint, "SGCC", overlapping[0], overlapping[1], "1")));
            assertThat(refusal.getMessage()).contains("claim " + first.txId()).contains(footprintId)
                    .startsWith("certificates[0]");
        }
        // Adjacent ranges and the same serials of another issuer are free.
        submit(other, "greencert:claim", json(claim(otherFootprint, "SGCC", "1101", "1200", "100", "SGCC", "1", "1000", "5")));
        submit(other, "greencert:claim", json(claim(otherFootprint, "CSG", "1001", "1100", "100")));
        assertThat(evaluate(acme, "greencert:holder", "SGCC", "1000").get("footprintId").asText()).isEqualTo(otherFootprint);
        assertThat(evaluate(acme, "greencert:holder", "SGCC", "1100").get("claimId").asText()).isEqualTo(first.txId());
        refusedQuery(ErrorCode.NOT_FOUND, acme, "greencert:holder", "SGCC", "1201");
        assertThat(evaluate(acme, "greencert:byFootprint", footprintId)).hasSize(1);
        assertThat(evaluate(acme, "greencert:byFootprint", otherFootprint)).hasSize(2);
    }

    @Test
    void theOverlapCheckFindsTheOneRangeThatMattersAmongMany() {
        LedgerIdentity acme = company(ANHUI, "acme");
        String footprintId = footprintOf(acme);
        // 200 ranges of 10 serials with gaps of 10 between them: 0-9, 20-29, ...
        ObjectNode many = claim(footprintId);
        for (int i = 0; i < 200; i++) {
            ObjectNode r = ((ArrayNode) many.get("certificates")).addObject();
            r.put("issuer", "SGCC");
            r.put("serialStart", Integer.toString(i * 20));
            r.put("serialEnd", Integer.toString(i * 20 + 9));
            r.put("mwh", "10");
            r.put("year", 2025);
        }
        submit(acme, "greencert:claim", json(many));
        submit(acme, "greencert:claim", json(claim(footprintId, "SGCC", "1010", "1019", "10")));
        assertThat(refused(ErrorCode.ALREADY_CLAIMED, acme, "greencert:claim",
                json(claim(footprintId, "SGCC", "1015", "1025", "1"))).getMessage()).contains("1010-1019");
        assertThat(refused(ErrorCode.ALREADY_CLAIMED, acme, "greencert:claim",
                json(claim(footprintId, "SGCC", "3985", "5000", "1"))).getMessage()).contains("3980-3989");
        submit(acme, "greencert:claim", json(claim(footprintId, "SGCC", "3990", "5000", "1")));
    }

    @Test
    void aClaimOfMoreMwhThanItsCertificatesHoldIsRefused() {
        LedgerIdentity acme = company(ANHUI, "acme");
        String footprintId = footprintOf(acme);
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, acme, "greencert:claim",
                json(claim(footprintId, "SGCC", "1", "10", "10.5"))).getMessage()).startsWith("certificates[0].mwh");
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, acme, "greencert:claim",
                json(claim(footprintId, "SGCC", "1", "10", "5", "SGCC", "10", "12", "1"))).getMessage())
                .contains("overlaps certificates[0]");
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, acme, "greencert:claim",
                json(claim(footprintId, "SGCC", "20", "10", "1"))).getMessage()).startsWith("certificates[0].serialEnd");
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, acme, "greencert:claim",
                json(claim(footprintId, "SGCC", "1e3", "2000", "1"))).getMessage()).startsWith("certificates[0].serialStart");
    }

    @Test
    void claimsOfOneFootprintTogetherMayNotExceedTheElectricityItsLedgerRecordSaysItConsumed() {
        LedgerIdentity acme = company(ANHUI, "acme");
        String footprintId = footprintOf(acme, "100");
        assertThat(evaluate(acme, "footprint:get", footprintId).get("consumedMwh").asText()).isEqualTo("100");
        submit(acme, "greencert:claim", json(claim(footprintId, "SGCC", "1", "60", "60")));
        ObjectNode second = claim(footprintId, "SGCC", "61", "110", "50");
        assertThat(refused(ErrorCode.EXCEEDS_CONSUMPTION, acme, "greencert:claim", json(second)).getMessage())
                .startsWith("certificates claim 50 MWh").contains("60 MWh claimed before").contains("100 MWh");
        // A caller cannot raise the cap by naming a figure of its own: the contract reads only the ledger record.
        second.put("consumedMwh", "1000000");
        refused(ErrorCode.EXCEEDS_CONSUMPTION, acme, "greencert:claim", json(second));
        refusedQuery(ErrorCode.NOT_FOUND, acme, "greencert:holder", "SGCC", "61");
        second.put("certificates", claim(footprintId, "SGCC", "61", "110", "40").get("certificates"));
        assertThat(submit(acme, "greencert:claim", json(second)).get("totalMwh").asText()).isEqualTo("40");
        // Exactly at the cap now: not even a fraction more.
        refused(ErrorCode.EXCEEDS_CONSUMPTION, acme, "greencert:claim", json(claim(footprintId, "SGCC", "111", "111", "0.001")));
    }

    @Test
    void aFootprintWithoutRecordedConsumptionTakesNoClaims() {
        LedgerIdentity acme = company(ANHUI, "acme");
        String footprintId = footprintOf(acme, null);
        assertThat(evaluate(acme, "footprint:get", footprintId).has("consumedMwh")).isFalse();
        long height = ledger.height();
        ObjectNode request = claim(footprintId, "SGCC", "1", "10", "10");
        request.put("consumedMwh", "50");
        assertThat(refused(ErrorCode.NO_CONSUMPTION, acme, "greencert:claim", json(request)).getMessage())
                .startsWith("footprintId: footprint " + footprintId + " has no electricity consumption on the ledger");
        assertThat(ledger.height()).isEqualTo(height);
        assertThat(evaluate(acme, "greencert:byFootprint", footprintId).size()).isZero();
        refusedQuery(ErrorCode.NOT_FOUND, acme, "greencert:holder", "SGCC", "1");

        // What the record keeps is checked when it is recorded.
        ObjectNode negative = footprint();
        negative.put("consumedMwh", "-1");
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, acme, "footprint:record", json(negative)).getMessage())
                .startsWith("consumedMwh");
        ObjectNode uncapped = footprint();
        uncapped.set("certificates", claim("", "SGCC", "1", "10", "10").get("certificates"));
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, acme, "footprint:record", json(uncapped)).getMessage())
                .startsWith("consumedMwh is required with certificates");
        assertThat(ledger.height()).isEqualTo(height);
    }

    @Test
    void aFootprintRecordedWithCertificatesClaimsThemInTheSameTransactionOrNotAtAll() throws Exception {
        LedgerIdentity acme = company(ANHUI, "acme");
        submit(acme, "greencert:claim", json(claim(footprintOf(acme), "SGCC", "500", "599", "100")));

        // Overlapping an earlier claim: neither the footprint nor any claim is written.
        ObjectNode refusedFootprint = footprint();
        refusedFootprint.set("certificates", claim("", "SGCC", "590", "610", "21").get("certificates"));
        refusedFootprint.put("consumedMwh", "50");
        assertThat(refused(ErrorCode.ALREADY_CLAIMED, acme, "footprint:record", json(refusedFootprint)).getMessage())
                .contains("590-610");
        refusedQuery(ErrorCode.NOT_FOUND, acme, "footprint:get", refusedFootprint.get("id").asText());
        // More certificates than the electricity consumed: refused the same way.
        refusedFootprint.set("certificates", claim("", "SGCC", "700", "760", "61").get("certificates"));
        refused(ErrorCode.EXCEEDS_CONSUMPTION, acme, "footprint:record", json(refusedFootprint));
        refusedQuery(ErrorCode.NOT_FOUND, acme, "footprint:get", refusedFootprint.get("id").asText());
        assertThat(evaluate(acme, "greencert:check", json(check(claim("", "SGCC", "700", "760", "61"))))
                .get("totalMwh").asText()).isEqualTo("61");

        ObjectNode recorded = footprint();
        recorded.set("certificates", claim("", "SGCC", "700", "739", "40").get("certificates"));
        recorded.put("consumedMwh", "50");
        Submitted tx = submitRaw(acme, "footprint:record", json(recorded));
        String id = recorded.get("id").asText();
        JsonNode claims = evaluate(acme, "greencert:byFootprint", id);
        assertThat(claims.size()).isEqualTo(1);
        assertThat(claims.get(0).get("claimId").asText()).isEqualTo(tx.txId());
        assertThat(claims.get(0).get("totalMwh").asText()).isEqualTo("40");
        // The transaction's one event is the footprint's, which the registry's indexes follow.
        assertThat(awaitEventOf(tx.txId()).name()).isEqualTo("tanji.footprint");
        // The serials are now taken, by this footprint, for everyone.
        assertThat(refusedQuery(ErrorCode.ALREADY_CLAIMED, acme, "greencert:check",
                json(check(claim("", "SGCC", "739", "739", "1")))).getMessage()).contains(id);
        // Later claims count against the same cap, the 50 MWh the record keeps: 40 are taken.
        assertThat(evaluate(acme, "footprint:get", id).get("consumedMwh").asText()).isEqualTo("50");
        refused(ErrorCode.EXCEEDS_CONSUMPTION, acme, "greencert:claim", json(claim(id, "SGCC", "800", "810", "11")));
        submit(acme, "greencert:claim", json(claim(id, "SGCC", "800", "809", "10")));
    }

    @Test
    void onlyTheFootprintsOwnOrganisationMayClaimAgainstIt() {
        String footprintId = footprintOf(company(ANHUI, "acme"));
        refused(ErrorCode.ACCESS_DENIED, company(GANSU, "stranger"), "greencert:claim",
                json(claim(footprintId, "SGCC", "1", "10", "10")));
        refused(ErrorCode.ACCESS_DENIED, bank(ANHUI, "teller"), "greencert:claim",
                json(claim(footprintId, "SGCC", "1", "10", "10")));
        refused(ErrorCode.NOT_FOUND, company(ANHUI, "acme"), "greencert:claim",
                json(claim("0a3c9a8e-5d51-4f0e-9a39-6d1a0d0c2f99", "SGCC", "1", "10", "10")));
    }
}
