package org.tanji.gateway.store;

import com.mongodb.reactivestreams.client.FindPublisher;

/**
 * Every multi-document find names its batch size.
 *
 * <p>Without one, the reactive driver turns a subscriber's unbounded demand (collectList, reduce,
 * a plain subscribe) into {@code batchSize: 2147483647}. MongoDB caps that itself, but FerretDB
 * 1.24 sizes its first-batch buffer by it, and a find then took seconds, or never answered.
 */
public final class MongoFinds {
    /** The batch size of every multi-document find. */
    public static final int BATCH_SIZE = 256;

    /** The largest batch size a find may send; the tests hold every find to it. */
    public static final int MAX_BATCH_SIZE = 1024;

    private MongoFinds() {
    }

    /** {@code find} with the standard batch size. */
    public static <T> FindPublisher<T> batched(FindPublisher<T> find) {
        return find.batchSize(BATCH_SIZE);
    }
}
