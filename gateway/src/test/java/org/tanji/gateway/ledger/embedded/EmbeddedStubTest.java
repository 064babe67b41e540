package org.tanji.gateway.ledger.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.junit.jupiter.api.Test;

/** The stub on its own, against hand-built committed state. */
class EmbeddedStubTest {
    private static final TestPki.Ca CA = TestPki.ca("Org1MSP");
    private static final CreatorIdentity CREATOR = CreatorIdentity.of("Org1MSP", TestPki.client(CA, "dave").certificate());

    private final WorldState world = new WorldState();
    private long nextBlock;

    private EmbeddedStub stub(String function, String... args) {
        return new EmbeddedStub(world, TxProposal.create("ch", "cc", CREATOR, function, List.of(args), Map.of()));
    }

    /** Commits one transaction's writes as its own block, as the committer would. */
    private void commit(EmbeddedStub stub) {
        TxRecord tx = stub.toRecord(new byte[0]);
        Block block = Block.create(nextBlock++, world.lastBlockHash(), Instant.now(), "ch", List.of(tx.encode()));
        world.apply(block, List.of(tx), Map.of());
    }

    private void put(String key, String value) {
        EmbeddedStub s = stub("put");
        s.putState(key, value.getBytes(UTF_8));
        commit(s);
    }

    private static List<String> keys(Iterable<KeyValue> it) {
        List<String> keys = new ArrayList<>();
        it.forEach(kv -> keys.add(kv.getKey()));
        return keys;
    }

    @Test
    void compositeKeysUseFabricsEncoding() {
        CompositeKey key = stub("f").createCompositeKey("label", "p1", "l1");

        assertThat(key.toString()).isEqualTo("\u0000label\u0000p1\u0000l1\u0000");
        assertThat(stub("f").splitCompositeKey(key.toString()).getAttributes()).containsExactly("p1", "l1");
    }

    @Test
    void absentKeyReadsAsEmptyLikeAPeer() {
        assertThat(stub("f").getState("nothing")).isEmpty();
    }

    @Test
    void emptyValueIsRecordedAsADelete() {
        put("k", "v");
        EmbeddedStub s = stub("f");
        s.putState("k", new byte[0]);

        assertThat(s.toRecord(null).writes()).singleElement().satisfies(w -> assertThat(w.isDelete()).isTrue());
    }

    @Test
    void readSetRecordsCommittedVersionsAndAbsentKeys() {
        put("a", "1");
        EmbeddedStub s = stub("f");
        s.getState("a");
        s.getState("missing");

        assertThat(s.toRecord(null).reads()).containsExactly(
                new TxRecord.KeyRead("a", new Version(0, 0)),
                new TxRecord.KeyRead("missing", null));
    }

    @Test
    void rangeScanStoppedEarlyIsCheckedOnlyUpToTheLastKeySeen() {
        put("a1", "x");
        put("a2", "x");
        put("a3", "x");
        EmbeddedStub s = stub("f");
        var it = s.getStateByRange("a", "b").iterator();
        it.next();
        it.next();

        TxRecord.RangeRead read = s.toRecord(null).rangeReads().get(0);
        assertThat(read.exhausted()).isFalse();
        assertThat(read.endKey()).isEqualTo("a2");
        assertThat(read.results()).extracting(TxRecord.KeyRead::key).containsExactly("a1", "a2");
    }

    @Test
    void rangeOrderIsCodePointOrderAsInLevelDb() {
        // U+FFFD sorts before U+10000 in UTF-8 bytes, though not in Java's UTF-16 order.
        put("k\uFFFD", "x");
        put("k\uD800\uDC00", "x");
        put("k~", "x");

        assertThat(keys(stub("f").getStateByRange("k", ""))).containsExactly("k~", "k\uFFFD", "k\uD800\uDC00");
    }

    @Test
    void partialCompositeQueryIncludesAttributesAboveTheSurrogateBlock() {
        EmbeddedStub w = stub("f");
        w.putState(w.createCompositeKey("t", "\uFFFD").toString(), "x".getBytes(UTF_8));
        commit(w);

        assertThat(keys(stub("f").getStateByPartialCompositeKey("t"))).hasSize(1);
    }

    @Test
    void creatorIsASerializedIdentityThatClientIdentityParses() throws Exception {
        EmbeddedStub s = stub("f");

        SerializedIdentity si = SerializedIdentity.parseFrom(s.getCreator());
        assertThat(si.getMspid()).isEqualTo("Org1MSP");
        assertThat(si.getIdBytes().toStringUtf8()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(new ClientIdentity(s).getMSPID()).isEqualTo("Org1MSP");
        assertThat(s.getMspId()).isEqualTo("Org1MSP");
    }

    @Test
    void transactionIdIsSha256OfNonceAndCreator() {
        EmbeddedStub s = stub("f");

        assertThat(s.getTxId()).matches("[0-9a-f]{64}");
        assertThat(s.getTxId()).isNotEqualTo(stub("f").getTxId());
        assertThat(s.getBinding()).hasSize(32);
        assertThat(s.getTxTimestamp()).isEqualTo(s.getTxTimestamp());
    }

    @Test
    void lastEventSetWins() {
        EmbeddedStub s = stub("f");
        s.setEvent("first", new byte[] {1});
        s.setEvent("second", new byte[] {2});

        assertThat(s.getEvent().getEventName()).isEqualTo("second");
        assertThat(s.toRecord(null).event().name()).isEqualTo("second");
        assertThatThrownBy(() -> s.setEvent(" ", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void richQueriesAndChaincodeCallsAreRefusedWithAReason() {
        EmbeddedStub s = stub("f");

        assertThatThrownBy(() -> s.getQueryResult("{}")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("LevelDB");
        assertThatThrownBy(() -> s.getPrivateDataQueryResult("c", "{}")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.invokeChaincode("other", List.of(), "ch")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void simpleRangeBoundsMayNotEnterTheCompositeNamespace() {
        assertThatThrownBy(() -> stub("f").getStateByRange("\u0000x", "")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void privateWritesLeaveOnlyHashesInTheRecord() {
        EmbeddedStub s = stub("f");
        s.putPrivateData("coll", "secret-key", "secret-value".getBytes(UTF_8));

        TxRecord tx = s.toRecord(null);
        String encoded = new String(tx.encode(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(encoded).doesNotContain("secret-key").doesNotContain("secret-value");
        assertThat(tx.privateWrites().get(0).valueHash()).isEqualTo(Block.sha256("secret-value".getBytes(UTF_8)));
        assertThat(s.privateEntries()).singleElement().satisfies(e -> assertThat(e.key()).isEqualTo("secret-key"));
    }

    @Test
    void writesAfterAPrivateRangeQueryAreRefusedAsOnAPeer() {
        EmbeddedStub s = stub("f");
        s.getPrivateDataByRange("coll", "", "");

        assertThatThrownBy(() -> s.putState("k", "v".getBytes(UTF_8))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void privateRangeQueryAfterAWriteIsRefused() {
        EmbeddedStub s = stub("f");
        s.putState("k", "v".getBytes(UTF_8));

        assertThatThrownBy(() -> s.getPrivateDataByRange("coll", "", "")).isInstanceOf(IllegalStateException.class);
    }
}
