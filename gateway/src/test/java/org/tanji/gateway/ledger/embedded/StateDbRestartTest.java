package org.tanji.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Submitted;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The state database beside the block log: a start applies only the blocks after its savepoint,
 * and a state database that does not belong to the log is rebuilt from the whole log, with the
 * same results as the one it replaces.
 */
class StateDbRestartTest extends LedgerTestSupport {
    /** Keys around the surrogate block: U+E000 and U+FFFD sort below U+10000 and U+10FFFF in code-point order. */
    private static final List<String> UNICODE_KEYS = List.of("k~", "k\uE000", "k\uFFFD", "k\uD800\uDC00", "k\uDBFF\uDFFF", "kz");
    private static final String BIG = "big-" + "0123456789".repeat(10);

    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    private final Logger stateDbLog = (Logger) LoggerFactory.getLogger(StateDb.class);

    @BeforeEach
    void captureWarnings() {
        warnings.start();
        stateDbLog.addAppender(warnings);
    }

    @AfterEach
    void releaseWarnings() {
        stateDbLog.detachAppender(warnings);
    }

    private List<String> warned() {
        return warnings.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private Path stateDb() {
        return config().dir().resolve(StateDb.DIR);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Replaces {@code to} with a copy of the directory {@code from}. */
    private static void copyTree(Path from, Path to) throws java.io.IOException {
        if (Files.exists(to)) {
            deleteTree(to);
        }
        try (java.util.stream.Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private EmbeddedLedger openPerTx() {
        return open(config().withDurability(Durability.FSYNC_PER_TRANSACTION));
    }

    /** Plain keys, composite keys with attributes above the surrogate block, overwrites, a delete, a large value. */
    private List<Submitted> write(EmbeddedLedger ledger, String round) {
        List<Submitted> txs = new ArrayList<>();
        for (String key : UNICODE_KEYS) {
            txs.add(submit(ledger, "put", key, round + ":" + key));
        }
        // A validation parameter stays with its key across later value updates.
        txs.add(submit(ledger, "setParam", "k\uE000", round + "-policy"));
        txs.add(submit(ledger, "put", "k\uE000", round + ":updated"));
        txs.add(submit(ledger, "putIndexed", "idx", "a\uFFFD", "b", round + "-1"));
        txs.add(submit(ledger, "putIndexed", "idx", "a\uD83D\uDE00", "c", round + "-2"));
        txs.add(submit(ledger, "putIndexed", "idx", "a\uE000", "\uDBFF\uDFFE", round + "-3"));
        txs.add(submit(ledger, "putIndexed", "other", "a", "b", round + "-4"));
        txs.add(submit(ledger, "put", "doc", round + "-" + BIG));
        txs.add(submit(ledger, "put", "doc", round + "-small"));
        txs.add(submit(ledger, "remove", "doc"));
        txs.add(submit(ledger, "put", "doc", round + "-again-" + BIG));
        txs.add(submit(ledger, "increment", "counter"));
        return txs;
    }

    /** Everything a contract or client can read back, as one list to compare. */
    private static List<String> reads(EmbeddedLedger ledger, List<Submitted> txs) {
        List<String> out = new ArrayList<>();
        out.add("height " + ledger.height());
        out.add("plain " + evaluate(ledger, "listPlain"));
        out.add("range " + evaluate(ledger, "page", "k", "", "3", ""));
        out.add("range page 2 " + evaluate(ledger, "page", "k", "", "3", "k\uFFFD"));
        out.add("idx " + evaluate(ledger, "listIndexed", "idx", ""));
        out.add("idx a\uFFFD " + evaluate(ledger, "listIndexed", "idx", "a\uFFFD"));
        out.add("idx a\uE000 " + evaluate(ledger, "listIndexed", "idx", "a\uE000"));
        out.add("policy " + evaluate(ledger, "getParam", "k\uE000"));
        for (String key : List.of("doc", "counter", "k0", "k1", "k2")) {
            out.add(key + " " + get(ledger, key) + " " + evaluate(ledger, "history", key));
        }
        for (String key : UNICODE_KEYS) {
            out.add(key + " " + get(ledger, key) + " " + evaluate(ledger, "history", key));
        }
        for (Submitted tx : txs) {
            out.add(ledger.proof(tx.txId()).block(TIMEOUT).toString());
        }
        return out;
    }

    private static String get(EmbeddedLedger ledger, String key) {
        return ledger.evaluate(ALICE, org.tanji.gateway.ledger.embedded.testcc.KvContract.fn("get"), List.of(key))
                .map(String::new).onErrorReturn(ChaincodeRejection.class, "(absent)").block(TIMEOUT);
    }

    @Test
    void restartAppliesOnlyTheBlocksAfterTheSavepointAndEndsWhereAFullReplayDoes() throws Exception {
        EmbeddedLedger ledger = openPerTx();
        List<Submitted> txs = new ArrayList<>(write(ledger, "one"));
        long savepoint = ledger.height();
        ledger.close();
        Path saved = dir.resolve("state-at-savepoint");
        copyTree(stateDb(), saved);

        ledger = openPerTx();
        assertThat(ledger.replay().applied()).as("a clean close leaves nothing to apply").isZero();
        assertThat(ledger.replay().savepoint()).isEqualTo(savepoint);
        txs.addAll(write(ledger, "two"));
        long height = ledger.height();
        List<String> expected = reads(ledger, txs);
        assertThat(expected).contains("policy two-policy").anyMatch(r -> r.startsWith("k\uE000 two:updated "));
        ledger.close();

        // As after a crash: the state database is behind the block log.
        copyTree(saved, stateDb());
        ledger = openPerTx();
        assertThat(ledger.replay()).isEqualTo(new LedgerFiles.Replay(height, height - savepoint, savepoint, null));
        assertThat(reads(ledger, txs)).isEqualTo(expected);
        ledger.close();

        deleteTree(stateDb());
        ledger = openPerTx();
        assertThat(ledger.replay().applied()).as("a full replay").isEqualTo(height);
        assertThat(reads(ledger, txs)).isEqualTo(expected);
        assertThat(warned()).singleElement().asString().contains(stateDb().toAbsolutePath().toString(), "missing");
    }

    @Test
    void rangesAndPartialCompositeKeysKeepCodePointOrderAcrossAReopen() {
        EmbeddedLedger ledger = open();
        write(ledger, "one");

        assertThat(evaluate(ledger, "listPlain")).isEqualTo("counter,doc,kz,k~,k\uE000,k\uFFFD,k\uD800\uDC00,k\uDBFF\uDFFF");
        assertThat(evaluate(ledger, "listIndexed", "idx", ""))
                .isEqualTo("idx:a\uE000/\uDBFF\uDFFE=one-3,idx:a\uFFFD/b=one-1,idx:a\uD83D\uDE00/c=one-2");
        String plain = evaluate(ledger, "listPlain");
        String indexed = evaluate(ledger, "listIndexed", "idx", "");
        String page = evaluate(ledger, "page", "k", "", "2", "k\uE000");
        assertThat(page).isEqualTo("k\uE000,k\uFFFD|k\uD800\uDC00#2");
        ledger.close();

        EmbeddedLedger reopened = open();
        assertThat(reopened.replay().applied()).isZero();
        assertThat(evaluate(reopened, "listPlain")).isEqualTo(plain);
        assertThat(evaluate(reopened, "listIndexed", "idx", "")).isEqualTo(indexed);
        assertThat(evaluate(reopened, "page", "k", "", "2", "k\uE000")).isEqualTo(page);
    }

    @Test
    void historyOfAKeyWithSeveralVersionsAndADeleteSurvivesRestartAndRebuild() throws Exception {
        EmbeddedLedger ledger = open();
        Submitted v1 = submit(ledger, "put", "doc", "one-" + BIG);
        Submitted v2 = submit(ledger, "put", "doc", "two");
        Submitted gone = submit(ledger, "remove", "doc");
        Submitted v3 = submit(ledger, "put", "doc", "three-" + BIG);
        String history = evaluate(ledger, "history", "doc");
        assertThat(history.split("\n")).containsExactly(
                v3.txId() + "|" + v3.timestamp() + "|false|three-" + BIG,
                gone.txId() + "|" + gone.timestamp() + "|true|",
                v2.txId() + "|" + v2.timestamp() + "|false|two",
                v1.txId() + "|" + v1.timestamp() + "|false|one-" + BIG);
        ledger.close();

        ledger = open();
        assertThat(evaluate(ledger, "history", "doc")).isEqualTo(history);
        ledger.close();
        deleteTree(stateDb());

        ledger = open();
        assertThat(ledger.replay().applied()).isEqualTo(ledger.height());
        assertThat(evaluate(ledger, "history", "doc")).isEqualTo(history);
        assertThat(evaluate(ledger, "get", "doc")).isEqualTo("three-" + BIG);
    }

    @Test
    void stateDbOfAnotherLedgerIsRebuiltWithAWarning() throws Exception {
        EmbeddedLedgerConfig otherConfig = EmbeddedLedgerConfig.of(dir.resolve("other"), ROOTS);
        EmbeddedLedger other = open(otherConfig);
        EmbeddedLedger ledger = open();
        List<Submitted> txs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submit(other, "put", "k" + i, "other-" + i);
            txs.add(submit(ledger, "put", "k" + i, "mine-" + i));
        }
        assertThat(other.height()).isEqualTo(ledger.height());
        List<String> expected = reads(ledger, txs);
        other.close();
        ledger.close();
        copyTree(otherConfig.dir().resolve(StateDb.DIR), stateDb());

        ledger = open();

        assertThat(ledger.replay().rebuiltBecause()).contains("savepoint at height " + ledger.height(), "another ledger");
        assertThat(ledger.replay().applied()).isEqualTo(ledger.height());
        assertThat(warned()).singleElement().asString().contains(stateDb().toAbsolutePath().toString(), "deleting it",
                "has hash");
        assertThat(reads(ledger, txs)).isEqualTo(expected);
        assertThat(evaluate(ledger, "get", "k1")).isEqualTo("mine-1");
    }

    @Test
    void stateDbAheadOfTheLogIsRebuilt() throws Exception {
        EmbeddedLedger ledger = open();
        submit(ledger, "put", "k", "v1");
        long height = ledger.height();
        ledger.close();
        Path log = config().dir().resolve(LedgerFiles.BLOCKS);
        Path savedLog = dir.resolve("blocks-behind.log");
        Files.copy(log, savedLog);
        ledger = open();
        submit(ledger, "put", "k", "v2");
        ledger.close();
        // The log goes back to an older copy, the state database does not.
        Files.copy(savedLog, log, StandardCopyOption.REPLACE_EXISTING);

        ledger = open();

        assertThat(ledger.replay().rebuiltBecause()).contains("ahead of");
        assertThat(ledger.height()).isEqualTo(height);
        assertThat(evaluate(ledger, "get", "k")).isEqualTo("v1");
        assertThat(warned()).singleElement().asString().contains("ahead of", "rebuilding");
    }

    /** The H2 file of earlier versions gives way to the directory, rebuilt from the log. */
    @Test
    void stateDbFileOfAnEarlierVersionIsReplaced() throws Exception {
        EmbeddedLedger ledger = open();
        Submitted tx = submit(ledger, "put", "k", "v");
        ledger.close();
        deleteTree(stateDb());
        Path old = config().dir().resolve(StateDb.OLD_FILE);
        Files.write(old, new byte[4096]);

        ledger = open();

        assertThat(old).doesNotExist();
        assertThat(stateDb()).isDirectory();
        assertThat(warned()).isEmpty();
        assertThat(ledger.replay().applied()).isEqualTo(ledger.height());
        assertThat(evaluate(ledger, "get", "k")).isEqualTo("v");
        assertThat(ledger.proof(tx.txId()).block(TIMEOUT).blockNumber()).isEqualTo(tx.blockNumber());
    }

    @Test
    void unreadableStateDbIsDeletedAndRebuilt() throws Exception {
        EmbeddedLedger ledger = open();
        Submitted tx = submit(ledger, "put", "k", "v");
        ledger.close();
        Files.write(stateDb().resolve("CURRENT"), new byte[8192]);

        ledger = open();

        assertThat(warned()).singleElement().asString().contains("cannot be opened", "rebuilding");
        assertThat(ledger.replay().applied()).isEqualTo(ledger.height());
        assertThat(evaluate(ledger, "get", "k")).isEqualTo("v");
        assertThat(ledger.proof(tx.txId()).block(TIMEOUT).blockNumber()).isEqualTo(tx.blockNumber());
    }

    @Test
    void aTamperedBlockBelowTheSavepointStillStopsTheStart() throws Exception {
        EmbeddedLedger ledger = openPerTx();
        for (int i = 0; i < 4; i++) {
            submit(ledger, "put", "k" + i, "value-" + i);
        }
        ledger.close();
        Path log = config().dir().resolve(LedgerFiles.BLOCKS);
        byte[] bytes = Files.readAllBytes(log);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        bytes[text.indexOf("value-1")] ^= 0x40;
        Files.write(log, bytes);

        org.assertj.core.api.Assertions.assertThatThrownBy(this::openPerTx)
                .isInstanceOfSatisfying(BrokenChainException.class, e -> assertThat(e.blockNumber()).isEqualTo(2))
                .hasMessageStartingWith("block 2: ");
    }
}
