package org.tanji.gateway.store;

import java.util.List;

import org.h2.mvstore.MVStore;

/** Test access to a running embedded store's maps. */
public final class StoreMaps {
    private StoreMaps() {
    }

    public static MVStore of(EmbeddedMongo server) {
        return server.mvStore();
    }

    /** Index maps not keyed by {@code KeyValueType} and data maps not valued by {@code DocumentType}. */
    public static List<String> untyped(MVStore store) {
        return store.getMapNames().stream().filter(name -> name.contains("._index_")
                        ? !((Object) store.openMap(name).getKeyType() instanceof TypedH2Maps.KeyValueType)
                        : name.startsWith("databases.") && !((Object) store.openMap(name).getValueType() instanceof TypedH2Maps.DocumentType))
                .toList();
    }
}
