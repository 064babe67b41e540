package org.tanji.gateway.store;

import java.util.List;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;

/**
 * mongo-java-server's H2 database with its document and index maps opened with
 * {@link TypedH2Maps}' storage types. {@code MVStore.openMap(name)} returns a map that is already
 * open, so opening each map typed just before the backend asks for it by name is enough.
 */
final class TypedH2Database extends H2Database {

    private final MVStore store;
    /** False while H2Database's constructor runs: it opens maps before {@link #store} is set. */
    private final boolean constructed;

    TypedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
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

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        TypedH2Maps.openDataMap(store, TypedH2Maps.dataMapName(getFullCollectionNamespace(collectionName)));
        return super.openOrCreateCollection(collectionName, options);
    }
}
