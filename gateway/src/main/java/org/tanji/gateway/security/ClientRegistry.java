package org.tanji.gateway.security;

import java.util.regex.Pattern;

import org.bson.Document;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.tanji.gateway.config.TanjiProperties;
import org.tanji.gateway.ledger.LedgerIdentity;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The registry's API clients, kept in the store's {@code clients} collection with bcrypt-hashed
 * secrets, and their ledger identities from the organisation's {@link LocalMsp}.
 */
@Component
public class ClientRegistry {
    private static final Pattern CLIENT_ID = Pattern.compile("^[a-z0-9][a-z0-9.-]{2,63}$");
    private final MongoCollection<Document> clients;
    private final PasswordEncoder encoder;
    private final LocalMsp msp;
    private final TanjiProperties properties;

    public ClientRegistry(MongoDatabase database, PasswordEncoder encoder, LocalMsp msp, TanjiProperties properties) {
        this.clients = database.getCollection("clients");
        this.encoder = encoder;
        this.msp = msp;
        this.properties = properties;
    }

    /** Creates or replaces a client. Its ledger identity is issued at the same time. */
    public Mono<RegisteredClient> register(String clientId, String secret, Role role, String mspId) {
        if (!CLIENT_ID.matcher(clientId).matches()) {
            return Mono.error(new IllegalArgumentException("client id must be 3-64 of a-z, 0-9, '.', '-'"));
        }
        properties.organisation(mspId);
        return Mono.fromCallable(() -> encoder.encode(secret)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(hash -> {
                    RegisteredClient client = new RegisteredClient(clientId, hash, role, mspId);
                    Document doc = new Document("_id", clientId).append("secretHash", hash)
                            .append("role", role.wireName()).append("mspId", mspId);
                    return Mono.from(clients.replaceOne(Filters.eq("_id", clientId), doc, new ReplaceOptions().upsert(true)))
                            .then(Mono.fromCallable(() -> ledgerIdentity(client)).subscribeOn(Schedulers.boundedElastic()))
                            .thenReturn(client);
                });
    }

    public Mono<RegisteredClient> find(String clientId) {
        return Mono.from(clients.find(Filters.eq("_id", clientId)).first())
                .map(d -> new RegisteredClient(d.getString("_id"), d.getString("secretHash"), Role.of(d.getString("role")),
                        d.getString("mspId")));
    }

    /** The client if the secret matches; empty otherwise. bcrypt runs off the event loop. */
    public Mono<RegisteredClient> authenticate(String clientId, String secret) {
        return find(clientId).filterWhen(c -> Mono.fromCallable(() -> encoder.matches(secret, c.secretHash()))
                .subscribeOn(Schedulers.boundedElastic()));
    }

    public LedgerIdentity ledgerIdentity(RegisteredClient client) {
        return msp.identity(client.mspId(), client.clientId(), client.role().wireName());
    }
}
