package org.tanji.gateway.signing;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.tanji.chaincode.signing.KeyRegistration;
import org.tanji.chaincode.signing.PublicKeys;
import org.tanji.chaincode.signing.SigningKey;
import org.tanji.chaincode.signing.SigningKeyContract;
import org.tanji.gateway.config.TanjiProperties;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.security.ReaderIdentity;

import com.fasterxml.jackson.core.type.TypeReference;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The certifiers' signing keys: private halves in the {@link KeyVault}, public halves anchored
 * by the {@code signingkey} contract. The anchored set is cached and refreshed by the contract's
 * own events (and at once after this registry's own changes).
 */
@Service
public class SigningKeys {
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
    private final Ledger ledger;
    private final ReaderIdentity reader;
    private final KeyVault vault;
    private final AtomicReference<Mono<Map<String, PublishedKey>>> published = new AtomicReference<>();
    private final Map<String, Mono<SigningKey>> creating = new ConcurrentHashMap<>();
    private Disposable subscription;

    public SigningKeys(Ledger ledger, ReaderIdentity reader, TanjiProperties properties) {
        this.ledger = ledger;
        this.reader = reader;
        this.vault = new KeyVault(properties.dataDir().resolve("signing-keys"));
    }

    @PostConstruct
    void followLedger() {
        subscription = ledger.events().filter(e -> SigningKeyContract.EVENT.equals(e.name()))
                .subscribe(e -> published.set(null), error -> LOG.error("lost the ledger's event stream; key cache disabled", error));
    }

    @PreDestroy
    void stop() {
        if (subscription != null) {
            subscription.dispose();
        }
    }

    /** Every key ever anchored, by key id. */
    public Mono<Map<String, PublishedKey>> published() {
        Mono<Map<String, PublishedKey>> current = published.get();
        if (current == null || subscription == null || subscription.isDisposed()) {
            current = all().map(records -> {
                Map<String, PublishedKey> byKid = new LinkedHashMap<>();
                records.forEach(r -> byKid.put(r.kid(), Jwks.published(r)));
                return byKid;
            }).cache();
            published.set(current);
        }
        return current;
    }

    /** Every anchored key record, oldest first. */
    public Mono<List<SigningKey>> all() {
        return ledger.evaluate(reader.identity(), "signingkey:list", List.of())
                .map(p -> LedgerJson.read(p, new TypeReference<List<SigningKey>>() { }));
    }

    public Mono<List<SigningKey>> of(String ownerId) {
        return ledger.evaluate(reader.identity(), "signingkey:listOf", List.of(ownerId))
                .map(p -> LedgerJson.read(p, new TypeReference<List<SigningKey>>() { }));
    }

    /** Creates a key pair for the certifier acting as {@code identity}, keeps the private key and anchors the public key. */
    public Mono<SigningKey> rotate(LedgerIdentity identity, SignatureAlg alg) {
        return Mono.defer(() -> {
            AsymmetricCipherKeyPair pair = alg.generate();
            byte[] spki = SignatureAlg.spki((ECPublicKeyParameters) pair.getPublic());
            String kid = PublicKeys.kid(spki);
            vault.store(kid, (ECPrivateKeyParameters) pair.getPrivate());
            String request = LedgerJson.json(new KeyRegistration(alg.name(), Base64.getEncoder().encodeToString(spki)));
            return ledger.submit(identity, "signingkey:register", List.of(request))
                    .map(tx -> LedgerJson.read(tx.payload(), SigningKey.class))
                    .doOnError(ChaincodeRejection.class, e -> vault.discard(kid))
                    .doFinally(s -> published.set(null));
        });
    }

    public Mono<SigningKey> revoke(LedgerIdentity identity, String kid, String reason, String compromisedSince) {
        return ledger.submit(identity, "signingkey:revoke", List.of(kid, reason, compromisedSince == null ? "" : compromisedSince))
                .map(tx -> LedgerJson.read(tx.payload(), SigningKey.class))
                .doFinally(s -> published.set(null));
    }

    /**
     * Makes sure the certifier {@code ownerId} has an active key, creating an ES256 key the first
     * time it needs one. Concurrent calls for one certifier share one creation.
     */
    public Mono<Void> ensureActive(LedgerIdentity identity) {
        String ownerId = ownerId(identity);
        return ledger.evaluate(reader.identity(), "signingkey:activeOf", List.of(ownerId)).then()
                .onErrorResume(ChaincodeRejection.class, e -> "NOT_FOUND".equals(e.code())
                        ? creating.computeIfAbsent(ownerId, o -> rotate(identity, SignatureAlg.ES256)
                                .doFinally(s -> creating.remove(o)).cache()).then()
                                // Not a certifier: the decision it wraps is refused with the real reason.
                                .onErrorResume(ChaincodeRejection.class, refused -> Mono.empty())
                        : Mono.error(e));
    }

    /** Whether the contract refused a grant only because the certifier has no active key. */
    public boolean lacksActiveKey(ChaincodeRejection e) {
        return "CONFLICT".equals(e.code()) && e.getMessage() != null && e.getMessage().contains(SigningKeyContract.NO_ACTIVE_KEY);
    }

    /** The id the chaincode gives an identity: {@code <mspId>/<certificate CN>}. */
    static String ownerId(LedgerIdentity identity) {
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(
                    identity.certificate().getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return identity.mspId() + "/" + rdn.getValue();
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            throw new IllegalArgumentException("unreadable certificate subject", e);
        }
        throw new IllegalArgumentException("the certificate has no common name");
    }

    /** The private key of an anchored key, or {@code null} if this registry does not hold it. */
    ECPrivateKeyParameters privateKey(PublishedKey key) {
        return vault.find(key.kid(), key.alg());
    }

    /** The key of {@code ownerId} that was active at {@code t}, or {@code null}. */
    static PublishedKey activeAt(Map<String, PublishedKey> keys, String ownerId, Instant t) {
        for (PublishedKey k : keys.values()) {
            if (k.ownerId().equals(ownerId) && k.refusal(t) == null) {
                return k;
            }
        }
        return null;
    }
}
