package org.tanji.gateway.ledger.embedded;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;

import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;

/**
 * One transaction simulation, with a peer's semantics: reads see committed state only (a
 * transaction never reads its own writes), every read is recorded with the version it saw, writes
 * are buffered, range scans are recorded for phantom checks, and private data is read and written
 * in the clear here but leaves only as hashes for the block.
 *
 * <p>The caller holds the world state's read lock for the whole simulation.
 */
final class EmbeddedStub implements ChaincodeStub {

    // The shim's own normalisation of open range bounds, so ranges behave exactly as on a peer.
    private static final String UNSPECIFIED_START_KEY = new String(Character.toChars(0x000001));
    private static final String UNSPECIFIED_END_KEY = "";
    private static final String MAX_UNICODE_RUNE = "\udbff\udfff";
    private static final byte[] ABSENT = new byte[0];

    private record PrivateKey(String collection, String key) {
    }

    private static final Comparator<PrivateKey> PRIVATE_KEY_ORDER = Comparator
            .comparing(PrivateKey::collection, WorldState.KEY_ORDER)
            .thenComparing(PrivateKey::key, WorldState.KEY_ORDER);

    private record PrivateWrite(TxRecord.PrivateOp op, byte[] value) {
    }

    private final WorldState world;
    private final TxProposal proposal;

    private final Map<String, Version> reads = new LinkedHashMap<>();
    private final List<RangeRecorder> ranges = new ArrayList<>();
    private final TreeMap<String, byte[]> writes = new TreeMap<>(WorldState.KEY_ORDER);
    private final TreeMap<String, byte[]> metadataWrites = new TreeMap<>(WorldState.KEY_ORDER);
    private final Map<PrivateKey, Version> privateReads = new LinkedHashMap<>();
    private final TreeMap<PrivateKey, PrivateWrite> privateWrites = new TreeMap<>(PRIVATE_KEY_ORDER);
    private final TreeMap<PrivateKey, byte[]> privateMetadataWrites = new TreeMap<>(PRIVATE_KEY_ORDER);
    private final Map<String, byte[]> keyHashes = new HashMap<>();
    private ChaincodeEvent event;
    private boolean writePerformed;
    private boolean paginatedQueryPerformed;
    private boolean privateQueryPerformed;
    private SignedProposal signedProposal;

    EmbeddedStub(WorldState world, TxProposal proposal) {
        this.world = world;
        this.proposal = proposal;
    }

    // ---- proposal ---------------------------------------------------------------------------

    @Override
    public List<byte[]> getArgs() {
        List<byte[]> copy = new ArrayList<>(proposal.args().size());
        proposal.args().forEach(a -> copy.add(a.clone()));
        return copy;
    }

    @Override
    public List<String> getStringArgs() {
        List<String> strings = new ArrayList<>(proposal.args().size());
        proposal.args().forEach(a -> strings.add(new String(a, StandardCharsets.UTF_8)));
        return strings;
    }

    @Override
    public String getFunction() {
        return proposal.args().isEmpty() ? null : new String(proposal.args().get(0), StandardCharsets.UTF_8);
    }

    @Override
    public List<String> getParameters() {
        List<String> all = getStringArgs();
        return all.isEmpty() ? all : new ArrayList<>(all.subList(1, all.size()));
    }

    @Override
    public String getTxId() {
        return proposal.txId();
    }

    @Override
    public String getChannelId() {
        return proposal.channelId();
    }

    @Override
    public Instant getTxTimestamp() {
        return proposal.timestamp();
    }

    @Override
    public byte[] getCreator() {
        return proposal.creator().serialized().clone();
    }

    /**
     * The creator's MSP. On a peer this is the peer's own MSP ({@code CORE_PEER_LOCALMSPID}); a
     * single embedded node endorses for every organisation, so it answers as the peer of the
     * creator's own organisation would, which is where a well-behaved gateway sends proposals.
     */
    @Override
    public String getMspId() {
        return proposal.creator().mspId();
    }

    @Override
    public Map<String, byte[]> getTransient() {
        Map<String, byte[]> copy = new HashMap<>();
        proposal.transientData().forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** {@code SHA-256(nonce || creator || epoch)}, computed as the shim computes it (epoch is 0). */
    @Override
    public byte[] getBinding() {
        MessageDigest digest = Block.sha256();
        digest.update(proposal.nonce());
        digest.update(proposal.creator().serialized());
        digest.update(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0L).array());
        return digest.digest();
    }

    /**
     * A proposal with the same header and payload a client would have sent. It is unsigned: in
     * process the gateway vouches for the creator, and the certificate was checked against its MSP.
     */
    @Override
    public synchronized SignedProposal getSignedProposal() {
        if (signedProposal == null) {
            Instant ts = proposal.timestamp();
            ChannelHeader channelHeader = ChannelHeader.newBuilder()
                    .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                    .setChannelId(proposal.channelId())
                    .setTxId(proposal.txId())
                    .setTimestamp(Timestamp.newBuilder().setSeconds(ts.getEpochSecond()).setNanos(ts.getNano()))
                    .setExtension(ChaincodeHeaderExtension.newBuilder()
                            .setChaincodeId(ChaincodeID.newBuilder().setName(proposal.chaincodeId()))
                            .build().toByteString())
                    .build();
            SignatureHeader signatureHeader = SignatureHeader.newBuilder()
                    .setCreator(ByteString.copyFrom(proposal.creator().serialized()))
                    .setNonce(ByteString.copyFrom(proposal.nonce()))
                    .build();
            ChaincodeInput.Builder input = ChaincodeInput.newBuilder();
            proposal.args().forEach(a -> input.addArgs(ByteString.copyFrom(a)));
            ChaincodeProposalPayload.Builder payload = ChaincodeProposalPayload.newBuilder()
                    .setInput(ChaincodeInvocationSpec.newBuilder()
                            .setChaincodeSpec(ChaincodeSpec.newBuilder()
                                    .setType(ChaincodeSpec.Type.JAVA)
                                    .setChaincodeId(ChaincodeID.newBuilder().setName(proposal.chaincodeId()))
                                    .setInput(input))
                            .build().toByteString());
            proposal.transientData().forEach((k, v) -> payload.putTransientMap(k, ByteString.copyFrom(v)));
            Proposal p = Proposal.newBuilder()
                    .setHeader(Header.newBuilder()
                            .setChannelHeader(channelHeader.toByteString())
                            .setSignatureHeader(signatureHeader.toByteString())
                            .build().toByteString())
                    .setPayload(payload.build().toByteString())
                    .build();
            signedProposal = SignedProposal.newBuilder().setProposalBytes(p.toByteString()).build();
        }
        return signedProposal;
    }

    // ---- world state ------------------------------------------------------------------------

    @Override
    public byte[] getState(String key) {
        WorldState.Entry e = world.get(key);
        reads.putIfAbsent(key, e == null ? null : e.version());
        return e == null ? ABSENT : world.value(e).clone();
    }

    @Override
    public byte[] getStateValidationParameter(String key) {
        WorldState.Entry e = world.get(key);
        reads.putIfAbsent(key, e == null ? null : e.version());
        return e == null || e.validationParameter() == null ? null : e.validationParameter().clone();
    }

    /**
     * An empty value is recorded as a delete: protobuf carries an empty byte string as absent, so
     * a peer sees a nil value and its write set marks the key deleted.
     */
    @Override
    public void putState(String key, byte[] value) {
        validateKey(key);
        Objects.requireNonNull(value, "value cannot be null");
        checkWrite();
        writes.put(key, value.length == 0 ? null : value.clone());
    }

    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        validateKey(key);
        checkWrite();
        metadataWrites.put(key, value == null ? new byte[0] : value.clone());
    }

    @Override
    public void delState(String key) {
        validateKey(key);
        checkWrite();
        writes.put(key, null);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        String start = startKey == null || startKey.isEmpty() ? UNSPECIFIED_START_KEY : startKey;
        String end = endKey == null ? UNSPECIFIED_END_KEY : endKey;
        CompositeKey.validateSimpleKeys(start, end);
        return recordedRange(start, end);
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(String startKey, String endKey,
            int pageSize, String bookmark) {
        String start = startKey == null || startKey.isEmpty() ? UNSPECIFIED_START_KEY : startKey;
        String end = endKey == null ? UNSPECIFIED_END_KEY : endKey;
        CompositeKey.validateSimpleKeys(start, end);
        return page(start, end, pageSize, bookmark);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
        CompositeKey key = compositeKey.startsWith(CompositeKey.NAMESPACE)
                ? CompositeKey.parseCompositeKey(compositeKey)
                : new CompositeKey(compositeKey);
        return getStateByPartialCompositeKey(key);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
        return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
        String prefix = partialKey(compositeKey);
        return recordedRange(prefix, prefix + MAX_UNICODE_RUNE);
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            CompositeKey compositeKey, int pageSize, String bookmark) {
        String prefix = partialKey(compositeKey);
        return page(prefix, prefix + MAX_UNICODE_RUNE, pageSize, bookmark);
    }

    @Override
    public CompositeKey createCompositeKey(String objectType, String... attributes) {
        return new CompositeKey(objectType, attributes);
    }

    @Override
    public CompositeKey splitCompositeKey(String compositeKey) {
        return CompositeKey.parseCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getQueryResult(String query) {
        throw noRichQueries();
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(String query, int pageSize,
            String bookmark) {
        throw noRichQueries();
    }

    /** Newest first, as Fabric 2.x returns it. Not re-checked at commit, as on a peer. */
    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
        List<KeyModification> mods = new ArrayList<>();
        for (WorldState.HistoryEntry h : world.history(key)) {
            mods.add(new Modification(h.txId(), h.isDelete() ? ABSENT : world.value(h), h.timestamp(), h.isDelete()));
        }
        return new ListIterator<>(mods);
    }

    // ---- private data -----------------------------------------------------------------------

    @Override
    public byte[] getPrivateData(String collection, String key) {
        validateCollection(collection);
        recordPrivateRead(collection, key);
        byte[] value = world.privateValue(collection, key);
        return value == null ? ABSENT : value.clone();
    }

    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        validateCollection(collection);
        WorldState.HashedEntry e = recordPrivateRead(collection, key);
        return e == null ? ABSENT : e.valueHash().clone();
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        validateCollection(collection);
        WorldState.HashedEntry e = recordPrivateRead(collection, key);
        return e == null || e.validationParameter() == null ? null : e.validationParameter().clone();
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        validateKey(key);
        validateCollection(collection);
        Objects.requireNonNull(value, "value cannot be null");
        checkWrite();
        privateWrites.put(new PrivateKey(collection, key), value.length == 0
                ? new PrivateWrite(TxRecord.PrivateOp.DELETE, null)
                : new PrivateWrite(TxRecord.PrivateOp.PUT, value.clone()));
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        validateKey(key);
        validateCollection(collection);
        checkWrite();
        privateMetadataWrites.put(new PrivateKey(collection, key), value == null ? new byte[0] : value.clone());
    }

    @Override
    public void delPrivateData(String collection, String key) {
        validateCollection(collection);
        validateKey(key);
        checkWrite();
        privateWrites.put(new PrivateKey(collection, key), new PrivateWrite(TxRecord.PrivateOp.DELETE, null));
    }

    @Override
    public void purgePrivateData(String collection, String key) {
        validateCollection(collection);
        validateKey(key);
        checkWrite();
        privateWrites.put(new PrivateKey(collection, key), new PrivateWrite(TxRecord.PrivateOp.PURGE, null));
    }

    /**
     * Not re-checked at commit, so, as on a peer, a transaction that runs one may not write
     * afterwards.
     */
    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
        validateCollection(collection);
        String start = startKey == null || startKey.isEmpty() ? UNSPECIFIED_START_KEY : startKey;
        String end = endKey == null ? UNSPECIFIED_END_KEY : endKey;
        CompositeKey.validateSimpleKeys(start, end);
        return privateRange(collection, start, end);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String compositeKey) {
        CompositeKey key;
        if (compositeKey == null) {
            key = new CompositeKey("");
        } else if (compositeKey.startsWith(CompositeKey.NAMESPACE)) {
            key = CompositeKey.parseCompositeKey(compositeKey);
        } else {
            key = new CompositeKey(compositeKey);
        }
        return getPrivateDataByPartialCompositeKey(collection, key);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection,
            CompositeKey compositeKey) {
        validateCollection(collection);
        String prefix = partialKey(compositeKey);
        return privateRange(collection, prefix, prefix + MAX_UNICODE_RUNE);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String objectType,
            String... attributes) {
        return getPrivateDataByPartialCompositeKey(collection, new CompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        throw noRichQueries();
    }

    // ---- events and other chaincode ---------------------------------------------------------

    /** Fabric keeps one event per transaction: the last call wins. */
    @Override
    public void setEvent(String name, byte[] payload) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("event name can not be nil string");
        }
        ChaincodeEvent.Builder b = ChaincodeEvent.newBuilder()
                .setChaincodeId(proposal.chaincodeId())
                .setTxId(proposal.txId())
                .setEventName(name);
        if (payload != null) {
            b.setPayload(ByteString.copyFrom(payload));
        }
        event = b.build();
    }

    @Override
    public ChaincodeEvent getEvent() {
        return event;
    }

    @Override
    public Chaincode.Response invokeChaincode(String chaincodeName, List<byte[]> args, String channel) {
        throw new UnsupportedOperationException("chaincode-to-chaincode calls are not supported by the embedded ledger;"
                + " the contracts run as one chaincode, so call the other contract's logic directly");
    }

    // ---- what the committer needs -----------------------------------------------------------

    /** The read-write set as the block records it; private values reduced to hashes. */
    TxRecord toRecord(byte[] response) {
        finishRanges();
        List<TxRecord.KeyRead> keyReads = new ArrayList<>(reads.size());
        reads.forEach((k, v) -> keyReads.add(new TxRecord.KeyRead(k, v)));
        List<TxRecord.RangeRead> rangeReads = new ArrayList<>(ranges.size());
        ranges.forEach(r -> rangeReads.add(r.toRead()));
        List<TxRecord.KeyWrite> keyWrites = new ArrayList<>(writes.size());
        writes.forEach((k, v) -> keyWrites.add(new TxRecord.KeyWrite(k, v)));
        List<TxRecord.MetadataWrite> meta = new ArrayList<>(metadataWrites.size());
        metadataWrites.forEach((k, v) -> meta.add(new TxRecord.MetadataWrite(k, v)));
        List<TxRecord.HashedRead> pReads = new ArrayList<>(privateReads.size());
        privateReads.forEach((k, v) -> pReads.add(new TxRecord.HashedRead(k.collection(), keyHash(k.key()), v)));
        List<TxRecord.HashedWrite> pWrites = new ArrayList<>(privateWrites.size());
        privateWrites.forEach((k, w) -> pWrites.add(new TxRecord.HashedWrite(k.collection(), keyHash(k.key()), w.op(),
                w.op() == TxRecord.PrivateOp.PUT ? Block.sha256(w.value()) : null)));
        List<TxRecord.HashedMetadataWrite> pMeta = new ArrayList<>(privateMetadataWrites.size());
        privateMetadataWrites.forEach((k, v) -> pMeta.add(new TxRecord.HashedMetadataWrite(k.collection(), keyHash(k.key()), v)));
        TxRecord.Event ev = event == null ? null : new TxRecord.Event(event.getEventName(), event.getPayload().toByteArray());
        return new TxRecord(proposal.txId(), proposal.creator().mspId(), proposal.creator().pem(), proposal.timestamp(),
                proposal.args(), ValidationCode.VALID, keyReads, rangeReads, keyWrites, meta, pReads, pWrites, pMeta, ev,
                response == null ? ABSENT : response);
    }

    /** The private values, for {@code private.log}; {@code txIndex} is filled in by the committer. */
    List<PrivateBatch.Entry> privateEntries() {
        List<PrivateBatch.Entry> entries = new ArrayList<>(privateWrites.size());
        privateWrites.forEach((k, w) -> entries.add(new PrivateBatch.Entry(-1, k.collection(), k.key(), w.op(), w.value())));
        return entries;
    }

    // ---- internals --------------------------------------------------------------------------

    private WorldState.HashedEntry recordPrivateRead(String collection, String key) {
        WorldState.HashedEntry e = world.privateHash(collection, keyHash(key));
        privateReads.putIfAbsent(new PrivateKey(collection, key), e == null ? null : e.version());
        return e;
    }

    private byte[] keyHash(String key) {
        return keyHashes.computeIfAbsent(key, k -> Block.sha256(k.getBytes(StandardCharsets.UTF_8)));
    }

    private static String partialKey(CompositeKey compositeKey) {
        return compositeKey == null ? new CompositeKey(UNSPECIFIED_START_KEY).toString() : compositeKey.toString();
    }

    private QueryResultsIterator<KeyValue> recordedRange(String start, String end) {
        RangeRecorder recorder = new RangeRecorder(world, start, end, world.range(start, end, false));
        ranges.add(recorder);
        return recorder;
    }

    private QueryResultsIteratorWithMetadata<KeyValue> page(String start, String end, int pageSize, String bookmark) {
        if (writePerformed) {
            throw new IllegalStateException("txid [" + proposal.txId() + "]: unsupported transaction. Paginated queries"
                    + " are not supported in a transaction that has written");
        }
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be positive, was " + pageSize);
        }
        paginatedQueryPerformed = true;
        String from = bookmark == null || bookmark.isEmpty() ? start : bookmark;
        List<KeyValue> results = new ArrayList<>(Math.min(pageSize, 256));
        String next = "";
        for (Iterator<Map.Entry<String, WorldState.Entry>> it = world.range(from, end, false); it.hasNext();) {
            Map.Entry<String, WorldState.Entry> e = it.next();
            if (results.size() == pageSize) {
                next = e.getKey();
                break;
            }
            results.add(new Kv(e.getKey(), world.value(e.getValue())));
        }
        QueryResponseMetadata metadata = QueryResponseMetadata.newBuilder()
                .setFetchedRecordsCount(results.size())
                .setBookmark(next)
                .build();
        return new PageIterator(results, metadata);
    }

    private QueryResultsIterator<KeyValue> privateRange(String collection, String start, String end) {
        if (writePerformed) {
            throw new IllegalStateException("txid [" + proposal.txId() + "]: unsupported transaction. Queries on private"
                    + " data are supported only in a read-only transaction");
        }
        privateQueryPerformed = true;
        List<KeyValue> results = new ArrayList<>();
        world.privateRange(collection, start, end).forEachRemaining(e -> results.add(new Kv(e.getKey(), e.getValue())));
        return new ListIterator<>(results);
    }

    private void checkWrite() {
        if (paginatedQueryPerformed) {
            throw new IllegalStateException("txid [" + proposal.txId() + "]: unsupported transaction. The transaction"
                    + " has run a paginated query, and writes are not allowed after one");
        }
        if (privateQueryPerformed) {
            throw new IllegalStateException("txid [" + proposal.txId() + "]: unsupported transaction. The transaction"
                    + " has run a range query on private data, and writes are not allowed after one");
        }
        writePerformed = true;
    }

    private void finishRanges() {
        ranges.forEach(RangeRecorder::close);
    }

    private static void validateKey(String key) {
        Objects.requireNonNull(key, "key cannot be null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key cannot not be an empty string");
        }
    }

    private static void validateCollection(String collection) {
        Objects.requireNonNull(collection, "collection cannot be null");
        if (collection.isEmpty()) {
            throw new IllegalArgumentException("collection must not be an empty string");
        }
    }

    private static UnsupportedOperationException noRichQueries() {
        return new UnsupportedOperationException("rich queries are not supported: Fabric's LevelDB state database has"
                + " none, and neither has the embedded ledger. Look records up through a composite-key index instead");
    }

    /**
     * A range scan that records each key as the contract consumes it. If the contract stops early,
     * only the part it saw is re-checked at commit: the end becomes the last key read, as Fabric's
     * range query info does.
     */
    private static final class RangeRecorder implements QueryResultsIterator<KeyValue>, Iterator<KeyValue> {
        private final WorldState world;
        private final String start;
        private final String end;
        private String lastKey;
        private final Iterator<Map.Entry<String, WorldState.Entry>> source;
        private final List<TxRecord.KeyRead> seen = new ArrayList<>();
        private boolean exhausted;
        private boolean closed;

        RangeRecorder(WorldState world, String start, String end, Iterator<Map.Entry<String, WorldState.Entry>> range) {
            this.world = world;
            this.start = start;
            this.end = end;
            this.source = range;
        }

        @Override
        public Iterator<KeyValue> iterator() {
            return this;
        }

        @Override
        public boolean hasNext() {
            if (closed) {
                return false;
            }
            boolean more = source.hasNext();
            if (!more) {
                exhausted = true;
            }
            return more;
        }

        @Override
        public KeyValue next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map.Entry<String, WorldState.Entry> e = source.next();
            seen.add(new TxRecord.KeyRead(e.getKey(), e.getValue().version()));
            lastKey = e.getKey();
            return new Kv(e.getKey(), world.value(e.getValue()));
        }

        @Override
        public void close() {
            closed = true;
        }

        TxRecord.RangeRead toRead() {
            String checkedEnd = exhausted || lastKey == null ? end : lastKey;
            return new TxRecord.RangeRead(start, checkedEnd, exhausted, List.copyOf(seen));
        }
    }

    private static class ListIterator<T> implements QueryResultsIterator<T> {
        private final List<T> items;

        ListIterator(List<T> items) {
            this.items = Collections.unmodifiableList(items);
        }

        @Override
        public Iterator<T> iterator() {
            return items.iterator();
        }

        @Override
        public void close() {
            // Results were materialised; nothing to release.
        }
    }

    private static final class PageIterator extends ListIterator<KeyValue> implements QueryResultsIteratorWithMetadata<KeyValue> {
        private final QueryResponseMetadata metadata;

        PageIterator(List<KeyValue> items, QueryResponseMetadata metadata) {
            super(items);
            this.metadata = metadata;
        }

        @Override
        public QueryResponseMetadata getMetadata() {
            return metadata;
        }
    }

    private record Kv(String key, byte[] value) implements KeyValue {
        @Override
        public String getKey() {
            return key;
        }

        @Override
        public byte[] getValue() {
            return value.clone();
        }

        @Override
        public String getStringValue() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private record Modification(String txId, byte[] value, Instant timestamp, boolean deleted) implements KeyModification {
        @Override
        public String getTxId() {
            return txId;
        }

        @Override
        public byte[] getValue() {
            return value.clone();
        }

        @Override
        public String getStringValue() {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public boolean isDeleted() {
            return deleted;
        }
    }
}
