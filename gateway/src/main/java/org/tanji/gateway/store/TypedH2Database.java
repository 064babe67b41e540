package org.tanji.gateway.store;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server's H2 database with its document and index maps opened with
 * {@link TypedH2Maps}' storage types. {@code MVStore.openMap(name)} returns a map that is already
 * open, so opening each map typed just before the backend asks for it by name is enough.
 *
 * <p>Its collections keep documents under an insertion sequence number instead of their
 * {@code _id} (see {@link SequencedCollection}).
 */
final class TypedH2Database extends H2Database {

    private final MVStore store;
    private final CursorRegistry cursorRegistry;
    /** False while H2Database's constructor runs: it opens maps before {@link #store} is set. */
    private final boolean constructed;

    TypedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
        this.cursorRegistry = cursorRegistry;
        this.constructed = true;
        super.initializeNamespacesAndIndexes();
    }

    @Override
    protected void initializeNamespacesAndIndexes() {
        if (constructed) {
            super.initializeNamespacesAndIndexes();
        }
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        TypedH2Maps.openIndexMap(store, TypedH2Maps.indexMapName(getFullCollectionNamespace(collectionName), indexName));
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    /**
     * mongo-java-server does not maintain secondary (non-unique) indexes: it keeps an
     * {@link EmptyIndex} in their place, and queries scan. But an {@code EmptyIndex} reports itself
     * empty, so at every open the backend "filled" it by decoding every document of the
     * collection, twice, for nothing: about a second of start-up on the main thread with 46,000
     * stored documents (the orphan sweep's index on {@code documents}). This one says there is nothing
     * to fill.
     */
    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return new NothingToBuild(super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse).getName(), keys);
    }

    /** An index the backend ignores, and must not build either. */
    static final class NothingToBuild extends EmptyIndex<Object> {
        NothingToBuild(String name, List<IndexKey> keys) {
            super(name, keys);
        }

        @Override
        public boolean isEmpty() {
            return false;
        }
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Long, Document> data = TypedH2Maps.openDataMap(store, TypedH2Maps.dataMapName(fullName));
        MVMap<String, Object> meta = store.openMap(TypedH2Maps.metaMapName(fullName));
        return new SequencedCollection(this, collectionName, options, data, meta, cursorRegistry);
    }

    /**
     * A collection whose data map is keyed by a sequence number given at insert; the
     * {@code _id} index (and every other unique index) maps keys to that number.
     *
     * <p>mongo-java-server's H2 collection keys its data map by {@code _id}, and ours are content
     * hashes: every insert then lands on a random leaf page, which H2 must read from the file and
     * decode, whole, with every document on it. Under steady {@code POST /api/v1/footprints} those
     * decoded pages lived long enough to be promoted, and the old generation filled with them
     * (full collections, p99 in the hundreds of ms). With a sequence key, inserts append to the last
     * leaf, which stays in the cache, and a document's page is read only when someone reads it. The
     * maps of unique indexes still take random keys, but their entries are small.
     */
    static final class SequencedCollection extends H2Collection {

        private final MVMap<Long, Document> data;
        private final AtomicLong next;

        @SuppressWarnings({"unchecked", "rawtypes"})
        SequencedCollection(H2Database database, String collectionName, CollectionOptions options,
                            MVMap<Long, Document> data, MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, (MVMap) data, meta, cursorRegistry);
            this.data = data;
            Long last = data.lastKey();
            this.next = new AtomicLong(last == null ? 0 : last + 1);
        }

        @Override
        protected Object addDocumentInternal(Document document) {
            Long key = next.getAndIncrement();
            Document previous = data.putIfAbsent(key, document);
            if (previous != null) {
                throw new IllegalStateException("off-chain store: sequence number " + key + " of " + getFullName() + " is taken");
            }
            return key;
        }
    }
}
