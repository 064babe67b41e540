package org.tanji.gateway.store;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.bson.BsonDocument;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/**
 * Records every {@code find} or {@code getMore} sent with a batch size above
 * {@link MongoFinds#MAX_BATCH_SIZE}. An unbounded subscriber makes the driver ask for 2^31-1
 * documents per batch, which FerretDB answers slowly or not at all (see {@link MongoFinds}).
 */
public final class BoundedFindBatches implements CommandListener {
    private final Queue<String> oversized = new ConcurrentLinkedQueue<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String name = event.getCommandName();
        if (!name.equals("find") && !name.equals("getMore")) {
            return;
        }
        BsonDocument command = event.getCommand();
        if (command.isNumber("batchSize") && command.getNumber("batchSize").longValue() > MongoFinds.MAX_BATCH_SIZE) {
            // The event's document is read-only and only valid during this call: keep a summary.
            oversized.add(name + " " + command.get(name) + " batchSize " + command.get("batchSize")
                    + (command.containsKey("filter") ? " filter " + command.get("filter").toString() : ""));
        }
    }

    /** The oversized commands seen since the last call, which forgets them. */
    public List<String> drain() {
        List<String> seen = new java.util.ArrayList<>();
        for (String c; (c = oversized.poll()) != null;) {
            seen.add(c);
        }
        return seen;
    }
}
