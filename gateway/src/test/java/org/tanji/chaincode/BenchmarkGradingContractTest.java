package org.tanji.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.gateway.ledger.LedgerIdentity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Grading at certification time: the grade comes from the benchmark valid on the decision's day,
 * for a grant and a renewal alike, a value exactly on a bound takes that bound's grade, and
 * without a benchmark the decision is refused, whatever grade the certifier names.
 */
class BenchmarkGradingContractTest extends ContractTestSupport {
    LedgerIdentity admin;
    LedgerIdentity certA;
    LedgerIdentity acme;

    @BeforeEach
    void accredited() {
        admin = admin(ANHUI);
        certA = certifier(ANHUI, "cert-a");
        acme = company(ANHUI, "acme");
        accredit(admin, certA, java.util.List.of("lithium-battery"), java.util.List.of("CN"));
    }

    /** A fixture footprint's value is 62.5 kg CO2e per kilowatt hour. */
    private String footprintId() {
        ObjectNode f = footprint();
        record(acme, f);
        return f.get("id").asText();
    }

    private void publish(String validFrom, String... thresholds) {
        ObjectNode b = benchmark(thresholds);
        b.put("validFrom", validFrom);
        submit(admin, "benchmark:publish", json(b));
    }

    private ObjectNode grantWithoutGrade(String footprintId) {
        ObjectNode g = grantRequest(footprintId, newLabelId());
        g.remove("grade");
        return g;
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    @Test
    void aValueExactlyOnABoundTakesThatGrade() {
        publish("2020-01-01", "50", "62.50", "70", "80", "90");
        JsonNode label = decide(certA, grantWithoutGrade(footprintId()));
        assertThat(label.get("grade").asText()).isEqualTo("2");
    }

    @Test
    void aValueJustAboveABoundTakesTheNextGrade() {
        publish("2020-01-01", "50", "62.49", "70", "80", "90");
        assertThat(decide(certA, grantWithoutGrade(footprintId())).get("grade").asText()).isEqualTo("3");
    }

    @Test
    void aValueOnTheFirstBoundIsGradeOneAndOnTheLastIsGradeFive() {
        publish("2020-01-01", "62.5", "70", "80", "90", "100");
        assertThat(decide(certA, grantWithoutGrade(footprintId())).get("grade").asText()).isEqualTo("1");
        publish("2020-01-01", "10", "20", "30", "40", "62.5");
        assertThat(decide(certA, grantWithoutGrade(footprintId())).get("grade").asText()).isEqualTo("5");
    }

    @Test
    void aValueAboveGradeFiveCannotBeGraded() {
        publish("2020-01-01", "10", "20", "30", "40", "62.4999");
        assertThat(refused(ErrorCode.CONFLICT, certA, "certification:decide", json(grantWithoutGrade(footprintId())))
                .getMessage()).contains("exceeds the bound of grade 5");
    }

    @Test
    void aBenchmarkThatStartsLaterDoesNotApplyYet() {
        publish("2020-01-01", "50", "62.5", "70", "80", "90");
        publish(LocalDate.now(ZoneOffset.UTC).plusDays(30).toString(), "62.5", "70", "80", "90", "100");
        assertThat(decide(certA, grantWithoutGrade(footprintId())).get("grade").asText()).isEqualTo("2");
    }

    @Test
    void withoutABenchmarkAGrantIsRefusedClearlyEvenWithTheCertifiersOwnGrade() {
        String footprintId = footprintId();
        assertThat(refused(ErrorCode.NO_BENCHMARK, certA, "certification:decide", json(grantWithoutGrade(footprintId)))
                .getMessage()).contains("lithium-battery").contains("kilowatt hour").contains(today());
        // A grade of the certifier's own does not stand in for a benchmark.
        ObjectNode ownGrade = grantRequest(footprintId, newLabelId());
        ownGrade.put("grade", "A");
        assertThat(refused(ErrorCode.NO_BENCHMARK, certA, "certification:decide", json(ownGrade)).getMessage())
                .contains("none was ever published");
        assertThat(evaluate(acme, "certification:labelsOfFootprint", footprintId).size()).isZero();
    }

    /** Grades are read from the benchmark at each decision: a renewal under a newer benchmark takes its grade. */
    @Test
    void aRenewalGradesAgainAgainstTheBenchmarkValidThen() {
        publish("2020-01-01", "50", "62.5", "70", "80", "90");
        String labelId = decide(certA, grantWithoutGrade(footprintId())).get("labelId").asText();
        JsonNode suspended = decide(certA, decisionRequest("SUSPENDED", labelId, "complaint"));
        assertThat(suspended.get("grade").asText()).as("a suspension keeps the grade").isEqualTo("2");

        publish("2020-01-01", "62.5", "70", "80", "90", "100");
        ObjectNode stale = decisionRequest("RENEWED", labelId, "complaint dismissed");
        stale.put("grade", "2");
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, certA, "certification:decide", json(stale)).getMessage())
                .startsWith("grade 2 differs from grade 1").contains("v2");
        JsonNode renewed = decide(certA, decisionRequest("RENEWED", labelId, "complaint dismissed"));
        assertThat(renewed.get("decision").asText()).isEqualTo("RENEWED");
        assertThat(renewed.get("grade").asText()).isEqualTo("1");
        JsonNode history = evaluate(acme, "certification:history", labelId);
        assertThat(history.size()).isEqualTo(3);
        assertThat(history.get(0).get("record").get("grade").asText()).isEqualTo("2");
        assertThat(history.get(2).get("record").get("grade").asText()).isEqualTo("1");

        // Under a benchmark whose grade 5 the value exceeds, the label cannot be renewed, and stays as it was.
        publish("2020-01-01", "10", "20", "30", "40", "50");
        assertThat(refused(ErrorCode.CONFLICT, certA, "certification:decide",
                json(decisionRequest("RENEWED", labelId, "annual surveillance"))).getMessage())
                .contains("exceeds the bound of grade 5");
        assertThat(evaluate(acme, "certification:getLabel", labelId)).isEqualTo(renewed);
    }

    @Test
    void aGradeThatContradictsTheBenchmarkIsRefused() {
        publish("2020-01-01", "50", "62.5", "70", "80", "90");
        ObjectNode g = grantRequest(footprintId(), newLabelId());
        g.put("grade", "1");
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, certA, "certification:decide", json(g)).getMessage())
                .startsWith("grade 1 differs from grade 2");
        g.put("grade", "2");
        assertThat(decide(certA, g).get("grade").asText()).isEqualTo("2");
    }
}
