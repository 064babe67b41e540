package org.tanji.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tanji.gateway.ledger.Submitted;

class CompositeKeyAndHistoryTest extends LedgerTestSupport {

    @Test
    void partialCompositeKeyQueryFindsOnlyMatchingKeysInKeyOrder() {
        EmbeddedLedger ledger = open();
        submit(ledger, "putIndexed", "label~product", "p2", "l9", "b");
        submit(ledger, "putIndexed", "label~product", "p1", "l2", "a2");
        submit(ledger, "putIndexed", "label~product", "p1", "l1", "a1");
        submit(ledger, "putIndexed", "label~product", "p10", "l1", "c");
        submit(ledger, "putIndexed", "other", "p1", "l1", "z");

        assertThat(evaluate(ledger, "listIndexed", "label~product", "p1"))
                .isEqualTo("label~product:p1/l1=a1,label~product:p1/l2=a2");
        assertThat(evaluate(ledger, "listIndexed", "label~product", ""))
                .isEqualTo("label~product:p1/l1=a1,label~product:p1/l2=a2,label~product:p10/l1=c,label~product:p2/l9=b");
    }

    @Test
    void compositeKeysStayOutOfPlainRangeQueries() {
        EmbeddedLedger ledger = open();
        submit(ledger, "putIndexed", "idx", "a", "b", "hidden");
        submit(ledger, "put", "plain-b", "1");
        submit(ledger, "put", "plain-a", "1");

        assertThat(evaluate(ledger, "listPlain")).isEqualTo("plain-a,plain-b");
    }

    @Test
    void historyListsEveryCommittedValueNewestFirstWithTxIdsAndTimestamps() {
        EmbeddedLedger ledger = open();
        Submitted v1 = submit(ledger, "put", "doc", "one");
        Submitted v2 = submit(ledger, "put", "doc", "two");
        Submitted gone = submit(ledger, "remove", "doc");
        submit(ledger, "put", "unrelated", "x");

        List<String> history = List.of(evaluate(ledger, "history", "doc").split("\n"));

        assertThat(history).containsExactly(
                gone.txId() + "|" + gone.timestamp() + "|true|",
                v2.txId() + "|" + v2.timestamp() + "|false|two",
                v1.txId() + "|" + v1.timestamp() + "|false|one");
    }

    @Test
    void deletedKeyReadsAsAbsent() {
        EmbeddedLedger ledger = open();
        submit(ledger, "put", "doc", "one");
        submit(ledger, "remove", "doc");

        assertThat(evaluate(ledger, "listPlain")).isEmpty();
    }
}
