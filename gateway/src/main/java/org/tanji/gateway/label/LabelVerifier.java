package org.tanji.gateway.label;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.tanji.chaincode.accreditation.Accreditation;
import org.tanji.chaincode.certification.CertificationContract;
import org.tanji.chaincode.certification.LabelRecord;
import org.tanji.chaincode.footprint.FootprintContract;
import org.tanji.chaincode.footprint.FootprintRecord;
import org.tanji.chaincode.accreditation.AccreditationContract;
import org.tanji.gateway.certification.LabelIds;
import org.tanji.gateway.label.scans.ScanCounts;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.security.ReaderIdentity;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Answers label scans. A label's ledger facts are cached, and the cache is invalidated by the
 * ledger's own chaincode events, so a suspension or revocation shows on the next scan after its
 * commit, not after a TTL. Expiry is judged at each scan, so it needs no event.
 */
@Service
public class LabelVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(LabelVerifier.class);
    private final Ledger ledger;
    private final ReaderIdentity reader;
    private final QrTexts qrTexts;
    private final ScanCounts scans;
    private final AsyncCache<String, Facts> cache = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterAccess(Duration.ofHours(1)).buildAsync();
    private Disposable subscription;

    /** What the ledger says about a label, before the scan-time judgement of expiry. */
    record Facts(LabelRecord label, FootprintRecord footprint, Accreditation accreditation, String recordHash,
                 long blockNumber, String blockHash, Instant readAt,
                 java.util.concurrent.ConcurrentMap<LabelStatus, byte[]> json, Mono<String> qrText,
                 java.util.concurrent.ConcurrentMap<LabelStatus, byte[]> html, Instant validUntil,
                 java.util.concurrent.ConcurrentMap<LabelStatus, LabelVerification> verifications) {

        /** The status a scan at {@code now} sees: only expiry changes without a ledger event. */
        LabelStatus statusAt(Instant now) {
            return switch (label.status()) {
                case LabelRecord.REVOKED -> LabelStatus.REVOKED;
                case LabelRecord.SUSPENDED -> LabelStatus.SUSPENDED;
                default -> now.isBefore(validUntil) ? LabelStatus.VALID : LabelStatus.EXPIRED;
            };
        }
    }

    /** A label's verification page ready to send: the status (NOT_FOUND → 404) and the HTML. */
    public record Page(LabelStatus status, byte[] html) {
    }

    /** A verification ready to send: the HTTP status and the JSON body. */
    public record Answer(LabelVerification verification, byte[] json) {
    }

    /**
     * A label as the renderings need it: the live verification, the ledger record, the QR text
     * and a version tag that changes whenever any of them, or the status judged now, changes.
     */
    public record Current(LabelVerification verification, LabelRecord record, String qrText, String version) {
    }

    public LabelVerifier(Ledger ledger, ReaderIdentity reader, QrTexts qrTexts, ScanCounts scans) {
        this.ledger = ledger;
        this.reader = reader;
        this.qrTexts = qrTexts;
        this.scans = scans;
    }

    @PostConstruct
    void followLedger() {
        subscription = ledger.events().subscribe(event -> {
            switch (event.name()) {
                case CertificationContract.EVENT -> {
                    String labelId = LedgerJson.tree(event.payload()).path("labelId").asText();
                    cache.synchronous().invalidate(labelId);
                }
                // Only labels whose facts changed: a new footprint touches none, unless it deprecates
                // a certified one; an accreditation change touches that certifier's labels.
                case FootprintContract.EVENT -> {
                    // Parsed once per event, not once per cached label; most events deprecate nothing.
                    com.fasterxml.jackson.databind.JsonNode deprecated = LedgerJson.tree(event.payload()).path("deprecated");
                    if (!deprecated.isEmpty()) {
                        invalidateWhere(facts -> contains(deprecated, facts.label().footprintId()));
                    }
                }
                case AccreditationContract.EVENT -> {
                    String certifier = LedgerJson.tree(event.payload()).path("certifierId").asText();
                    invalidateWhere(facts -> facts.label().certifierId().equals(certifier));
                }
                default -> { }
            }
        }, error -> LOG.error("lost the ledger's event stream; label cache disabled", error));
    }

    /** Drops the labels whose facts the predicate says changed, and any load still under way. */
    private void invalidateWhere(java.util.function.Predicate<Facts> affected) {
        cache.asMap().entrySet().removeIf(e -> {
            java.util.concurrent.CompletableFuture<Facts> f = e.getValue();
            if (!f.isDone() || f.isCompletedExceptionally()) {
                return true;
            }
            Facts facts = f.getNow(null);
            return facts != null && facts.label() != null && affected.test(facts);
        });
    }

    private static boolean contains(com.fasterxml.jackson.databind.JsonNode ids, String id) {
        for (com.fasterxml.jackson.databind.JsonNode each : ids) {
            if (id.equals(each.asText())) {
                return true;
            }
        }
        return false;
    }

    @PreDestroy
    void stop() {
        if (subscription != null) {
            subscription.dispose();
        }
    }

    /** The live verification of a label; NOT_FOUND for an unknown or malformed id. */
    public Mono<LabelVerification> verify(String labelId) {
        return answer(labelId).map(Answer::verification);
    }

    /**
     * The verification with its JSON body, counted as a scan of the label. A label's JSON only
     * changes with its ledger facts (which events invalidate) or with the clock passing its expiry,
     * so it is serialised once per status.
     */
    public Mono<Answer> answer(String labelId) {
        if (!LabelIds.wellFormed(labelId)) {
            LabelVerification missing = notFound(labelId);
            return Mono.just(new Answer(missing, JSON.writeValueAsBytes(missing)));
        }
        return facts(labelId)
                .map(facts -> {
                    if (facts.label() == null) {
                        LabelVerification missing = notFound(labelId);
                        return new Answer(missing, JSON.writeValueAsBytes(missing));
                    }
                    LabelStatus status = facts.statusAt(Instant.now());
                    scans.count(labelId);
                    LabelVerification v = facts.verifications().computeIfAbsent(status, st -> judge(facts, st));
                    return new Answer(v, facts.json().computeIfAbsent(status, st -> JSON.writeValueAsBytes(v)));
                });
    }

    /**
     * The verification page, counted as a scan. Like the JSON, a label's page only changes with
     * its ledger facts or its status, so it is rendered once per status and then served as bytes.
     */
    public Mono<Page> page(String labelId, java.util.function.Function<LabelVerification, byte[]> render) {
        if (!LabelIds.wellFormed(labelId)) {
            return Mono.fromSupplier(() -> new Page(LabelStatus.NOT_FOUND, render.apply(notFound(labelId))));
        }
        return facts(labelId).map(facts -> {
            if (facts.label() == null) {
                return new Page(LabelStatus.NOT_FOUND, render.apply(notFound(labelId)));
            }
            LabelStatus status = facts.statusAt(Instant.now());
            scans.count(labelId);
            return new Page(status, facts.html().computeIfAbsent(status,
                    st -> render.apply(facts.verifications().computeIfAbsent(st, x -> judge(facts, x)))));
        });
    }

    /** The label for its renderings, not counted as a scan; empty for an unknown or malformed id. */
    public Mono<Current> current(String labelId) {
        if (!LabelIds.wellFormed(labelId)) {
            return Mono.empty();
        }
        return facts(labelId).filter(facts -> facts.label() != null).flatMap(facts -> facts.qrText().map(qr -> {
            LabelVerification v = facts.verifications().computeIfAbsent(facts.statusAt(Instant.now()), st -> judge(facts, st));
            String hash = facts.recordHash();
            String version = facts.label().version() + "-" + v.status() + "-" + facts.accreditation().status() + "-"
                    + facts.footprint().status() + "-" + hash.substring(Math.max(0, hash.length() - 16));
            return new Current(v, facts.label(), qr, version);
        }));
    }

    /**
     * The cached facts; {@link Facts#label()} is null for an unknown label. suppressCancel: the
     * future is shared by every scan of the label, so one client hanging up must not cancel it for
     * the others.
     */
    private Mono<Facts> facts(String labelId) {
        return Mono.fromFuture(cache.get(labelId, (id, executor) -> load(id).toFuture()), true);
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();

    private Mono<Facts> load(String labelId) {
        List<String> args = List.of(labelId);
        return ledger.evaluate(reader.identity(), "certification:getLabel", args)
                .flatMap(payload -> {
                    LabelRecord label = LedgerJson.read(payload, LabelRecord.class);
                    Mono<FootprintRecord> footprint = ledger.evaluate(reader.identity(), "footprint:get",
                            List.of(label.footprintId())).map(p -> LedgerJson.read(p, FootprintRecord.class));
                    Mono<Accreditation> accreditation = ledger.evaluate(reader.identity(), "accreditation:get",
                            List.of(label.certifierId())).map(p -> LedgerJson.read(p, Accreditation.class));
                    return Mono.zip(footprint, accreditation, ledger.proof(label.txId()))
                            .map(t -> new Facts(label, t.getT1(), t.getT2(), LedgerJson.recordHash(payload),
                                    t.getT3().blockNumber(), t.getT3().blockHash(), Instant.now(),
                                    new java.util.concurrent.ConcurrentHashMap<>(),
                                    // The same record always has the same QR text: asked once, on first rendering.
                                    qrTexts.label(label).cache(text -> Duration.ofDays(3650), error -> Duration.ZERO,
                                            () -> Duration.ZERO),
                                    new java.util.concurrent.ConcurrentHashMap<>(), Instant.parse(label.validUntil()),
                                    new java.util.concurrent.ConcurrentHashMap<>()));
                })
                // An unknown label is cached too, as "missing": the grant's event invalidates it.
                .onErrorResume(ChaincodeRejection.class, e -> "NOT_FOUND".equals(e.code()) ? Mono.just(missing()) : Mono.error(e));
    }

    private static Facts missing() {
        return new Facts(null, null, null, null, -1, null, Instant.now(), null, Mono.empty(), null, null, null);
    }

    private LabelVerification judge(Facts f, LabelStatus status) {
        LabelRecord l = f.label();
        String reason = switch (status) {
            case REVOKED, SUSPENDED -> l.reason();
            case EXPIRED -> "the certification expired on " + l.validUntil();
            default -> null;
        };
        FootprintRecord fp = f.footprint();
        return new LabelVerification(l.labelId(), status, reason,
                new LabelVerification.Footprint(l.footprintId(), l.footprintValue(), l.footprintUnit(),
                        l.declaredUnitAmount(), l.declaredUnit(), l.productName(), l.productCategory(), l.geography(),
                        fp.stages(), l.documentHash(), fp.status(), fp.reduction()),
                l.grade(), l.validFrom(), l.validUntil(),
                new LabelVerification.Certifier(l.certifierId(), l.certifierName(), l.certifierMsp(),
                        f.accreditation().status()),
                l.gtin(), l.decision(), l.decidedAt(),
                new LabelVerification.Proof(l.txId(), f.blockNumber(), f.blockHash(), f.recordHash(), ledger.kind()),
                f.readAt().toString());
    }

    private static LabelVerification notFound(String labelId) {
        return new LabelVerification(labelId, LabelStatus.NOT_FOUND, "no label with this id is registered", null, null, null,
                null, null, null, null, null, null, Instant.now().toString());
    }
}
