package org.tanji.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Submitted;
import org.tanji.gateway.ledger.TransactionProof;
import org.tanji.gateway.ledger.embedded.testcc.KvContract;

class EmbeddedLedgerTransactionTest extends LedgerTestSupport {

    @Test
    void committedWriteIsReadableAndProvable() {
        EmbeddedLedger ledger = open();
        Submitted s = submit(ledger, "put", "colour", "green");

        assertThat(s.txId()).matches("[0-9a-f]{64}");
        assertThat(text(s)).isEqualTo("green");
        assertThat(evaluate(ledger, "get", "colour")).isEqualTo("green");
        TransactionProof proof = ledger.proof(s.txId()).block(TIMEOUT);
        assertThat(proof.blockNumber()).isEqualTo(s.blockNumber());
        assertThat(proof.txIndex()).isZero();
        assertThat(proof.blockHash()).matches("[0-9a-f]{64}");
        assertThat(proof.validationCode()).isEqualTo("VALID");
        assertThat(ledger.kind()).isEqualTo("embedded");
    }

    @Test
    void transactionDoesNotReadItsOwnWrites() {
        EmbeddedLedger ledger = open();
        submit(ledger, "put", "k", "committed");

        Submitted s = submit(ledger, "putThenRead", "k", "buffered");

        assertThat(text(s)).isEqualTo("read:committed");
        assertThat(evaluate(ledger, "get", "k")).isEqualTo("buffered");
    }

    @Test
    void contractRefusalBecomesRejectionCarryingTheContractsCodeAndMessage() {
        EmbeddedLedger ledger = open();

        Throwable e = failure(ledger.evaluate(ALICE, KvContract.fn("get"), List.of("missing")));

        assertThat(e).isInstanceOf(ChaincodeRejection.class).hasMessage("no value for key missing");
        assertThat(((ChaincodeRejection) e).code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void contractBugBecomesChaincodeErrorWithoutInternals() {
        EmbeddedLedger ledger = open();

        Throwable e = failure(ledger.evaluate(ALICE, KvContract.fn("crash"), List.of()));

        assertThat(e).isInstanceOf(ChaincodeRejection.class).hasMessage("Error during contract method execution");
        assertThat(((ChaincodeRejection) e).code()).isEqualTo("CHAINCODE_ERROR");
    }

    @Test
    void rejectedSubmitWritesNoBlock() {
        EmbeddedLedger ledger = open();
        long before = ledger.height();

        Throwable e = failure(ledger.submit(ALICE, KvContract.fn("fail"), List.of("CONFLICT", "no")));

        assertThat(((ChaincodeRejection) e).code()).isEqualTo("CONFLICT");
        assertThat(ledger.height()).isEqualTo(before);
    }

    @Test
    void newLedgerStartsWithAGenesisBlockSoTransactionsLandInBlockOne() {
        EmbeddedLedger ledger = open();

        assertThat(ledger.height()).isEqualTo(1);
        assertThat(submit(ledger, "put", "first", "1").blockNumber()).isEqualTo(1);
    }

    @Test
    void evaluateNeverCommits() {
        EmbeddedLedger ledger = open();
        long height = ledger.height();

        assertThat(evaluate(ledger, "put", "ghost", "boo")).isEqualTo("boo");

        assertThat(ledger.height()).isEqualTo(height);
        Throwable e = failure(ledger.evaluate(ALICE, KvContract.fn("get"), List.of("ghost")));
        assertThat(((ChaincodeRejection) e).code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void richQueriesFailAsTheyDoOnLevelDb() {
        EmbeddedLedger ledger = open();

        Throwable e = failure(ledger.evaluate(ALICE, KvContract.fn("richQuery"), List.of()));

        assertThat(((ChaincodeRejection) e).code()).isEqualTo("CHAINCODE_ERROR");
    }

    @Test
    void unknownTransactionHasNoProof() {
        EmbeddedLedger ledger = open();

        Throwable e = failure(ledger.proof("00".repeat(32)));

        assertThat(((ChaincodeRejection) e).code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void contractSeesOneTransactionIdTimestampAndItsArguments() {
        EmbeddedLedger ledger = open();

        String[] info = evaluate(ledger, "txInfo").split("\\|");

        assertThat(info[0]).matches("[0-9a-f]{64}");
        assertThat(java.time.Instant.parse(info[1])).isBeforeOrEqualTo(java.time.Instant.now());
        assertThat(info[2]).isEqualTo(EmbeddedLedgerConfig.DEFAULT_CHANNEL);
        assertThat(info[3]).isEqualTo(KvContract.fn("txInfo"));
        assertThat(info[5]).isEqualTo("true");
    }

    @Test
    void submittedTimestampIsTheProposalTimestampTheContractSaw() {
        EmbeddedLedger ledger = open();

        Submitted s = submit(ledger, "put", "t", "1");

        String history = evaluate(ledger, "history", "t");
        assertThat(history).startsWith(s.txId() + "|" + s.timestamp() + "|false|1");
    }

    @Test
    void validationParameterIsKeptWithTheKeyAcrossValueUpdates() {
        EmbeddedLedger ledger = open();
        submit(ledger, "put", "guarded", "v1");
        submit(ledger, "setParam", "guarded", "policy-bytes");
        submit(ledger, "put", "guarded", "v2");

        assertThat(evaluate(ledger, "getParam", "guarded")).isEqualTo("policy-bytes");
        assertThat(evaluate(ledger, "get", "guarded")).isEqualTo("v2");
    }

    @Test
    void paginatedRangeQueriesResumeFromTheBookmark() {
        EmbeddedLedger ledger = open();
        for (int i = 1; i <= 5; i++) {
            submit(ledger, "put", "p" + i, "v" + i);
        }

        assertThat(evaluate(ledger, "page", "p", "q", "2", "")).isEqualTo("p1,p2|p3#2");
        assertThat(evaluate(ledger, "page", "p", "q", "2", "p3")).isEqualTo("p3,p4|p5#2");
        assertThat(evaluate(ledger, "page", "p", "q", "2", "p5")).isEqualTo("p5|#1");
    }

    @Test
    void transactionMayNotWriteAfterAPaginatedQuery() {
        EmbeddedLedger ledger = open();
        submit(ledger, "put", "a", "1");

        Throwable e = failure(submitting(ledger, "pageThenWrite"));

        assertThat(((ChaincodeRejection) e).code()).isEqualTo("CHAINCODE_ERROR");
    }

    @Test
    void closedLedgerRefusesNewTransactions() {
        EmbeddedLedger ledger = open();
        ledger.close();

        assertThat(failure(submitting(ledger, "put", "k", "v"))).isInstanceOf(org.tanji.gateway.ledger.LedgerUnavailable.class);
        assertThat(failure(ledger.evaluate(ALICE, KvContract.fn("get"), List.of("k"))))
                .isInstanceOf(org.tanji.gateway.ledger.LedgerUnavailable.class);
    }
}
