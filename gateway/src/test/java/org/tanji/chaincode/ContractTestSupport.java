package org.tanji.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.gateway.ledger.ChaincodeEvent;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.Submitted;
import org.tanji.gateway.ledger.embedded.EmbeddedLedger;
import org.tanji.gateway.ledger.embedded.EmbeddedLedgerConfig;
import org.tanji.gateway.security.LocalMsp;
import org.tanji.gateway.signing.SignatureAlg;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Runs the real contracts through an {@link EmbeddedLedger} opened in a temporary directory, with
 * three organisations issued by a {@link LocalMsp}. No Spring, no HTTP: every call goes through
 * Fabric's contract router exactly as the gateway's calls do. A ledger per test, closed after it;
 * chaincode events are collected from the moment the ledger opens.
 */
abstract class ContractTestSupport {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String ANHUI = "AnhuiMSP";
    static final String GANSU = "GansuMSP";
    static final String GREEN_BANK = "GreenBankMSP";
    static final ObjectMapper JSON = CanonicalJson.mapper();

    static final String ACCREDITATION_EVENT = "tanji.accreditation";
    static final String FOOTPRINT_EVENT = "tanji.footprint";
    static final String LABEL_EVENT = "tanji.label";
    static final String SIGNING_KEY_EVENT = "tanji.signingkey";
    static final String BENCHMARK_EVENT = "tanji.benchmark";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger HASHES = new AtomicInteger();

    @TempDir
    Path dir;

    LocalMsp msp;
    EmbeddedLedger ledger;
    final List<ChaincodeEvent> events = new CopyOnWriteArrayList<>();
    private Disposable eventSubscription;

    @BeforeEach
    void openLedger() {
        msp = new LocalMsp(dir.resolve("crypto"));
        Map<String, X509Certificate> roots = Map.of(
                ANHUI, msp.rootCertificate(ANHUI),
                GANSU, msp.rootCertificate(GANSU),
                GREEN_BANK, msp.rootCertificate(GREEN_BANK));
        ledger = EmbeddedLedger.open(EmbeddedLedgerConfig.of(dir.resolve("ledger"), roots));
        eventSubscription = ledger.events().subscribe(events::add);
    }

    @AfterEach
    void closeLedger() {
        if (eventSubscription != null) {
            eventSubscription.dispose();
        }
        if (ledger != null) {
            ledger.close();
        }
    }

    // ---- identities --------------------------------------------------------------------------

    /** An identity whose certificate CN is {@code commonName}; the chaincode names it {@code "<mspId>/<CN>"}. */
    LedgerIdentity identity(String mspId, String commonName, String role) {
        return msp.identity(mspId, commonName, role);
    }

    LedgerIdentity admin(String mspId) {
        return identity(mspId, "registry-admin", "registry-admin");
    }

    LedgerIdentity certifier(String mspId, String commonName) {
        return identity(mspId, commonName, "certifier");
    }

    LedgerIdentity company(String mspId, String commonName) {
        return identity(mspId, commonName, "company");
    }

    LedgerIdentity bank(String mspId, String commonName) {
        return identity(mspId, commonName, "bank");
    }

    /** The caller id the chaincode derives from an identity's certificate. */
    static String ledgerId(LedgerIdentity who) {
        String subject = who.certificate().getSubjectX500Principal().getName();
        for (String part : subject.split(",")) {
            if (part.startsWith("CN=")) {
                return who.mspId() + "/" + part.substring(3);
            }
        }
        throw new AssertionError("no CN in " + subject);
    }

    // ---- ledger calls ------------------------------------------------------------------------

    Submitted submitRaw(LedgerIdentity who, String function, String... args) {
        if ("signingkey:register".equals(function)) {
            withKeys.add(ledgerId(who));
        } else if ("certification:decide".equals(function) && args.length == 1 && args[0].toUpperCase(java.util.Locale.ROOT)
                .contains("\"DECISION\":\"GRANTED\"") && !withKeys.contains(ledgerId(who))) {
            // Grants need the certifier's active signing key; tests about other rules get one silently
            // (a caller that may not register keys is left to be refused by the grant itself).
            ledger.submit(who, "signingkey:register", List.of(json(keyRegistration(SignatureAlg.ES256))))
                    .doOnNext(registered -> withKeys.add(ledgerId(who))).onErrorResume(e -> Mono.empty()).block(TIMEOUT);
        }
        Submitted s = ledger.submit(who, function, List.of(args)).block(TIMEOUT);
        assertThat(s).as("submit %s", function).isNotNull();
        return s;
    }

    JsonNode submit(LedgerIdentity who, String function, String... args) {
        return parse(submitRaw(who, function, args).payload());
    }

    byte[] evaluateRaw(LedgerIdentity who, String function, String... args) {
        return ledger.evaluate(who, function, List.of(args)).block(TIMEOUT);
    }

    JsonNode evaluate(LedgerIdentity who, String function, String... args) {
        return parse(evaluateRaw(who, function, args));
    }

    /** Submits a transaction that the contract must refuse with {@code code}; returns the refusal. */
    ChaincodeRejection refused(ErrorCode code, LedgerIdentity who, String function, String... args) {
        return expectRejection(code, ledger.submit(who, function, List.of(args)), function);
    }

    /** Submits with transient data, which the contract sees but the block does not record. */
    Submitted submitTransient(LedgerIdentity who, Map<String, byte[]> transientData, String function, String... args) {
        Submitted s = ledger.submit(who, function, List.of(args), transientData).block(TIMEOUT);
        assertThat(s).as("submit %s", function).isNotNull();
        return s;
    }

    /** {@link #refused} for a transaction with transient data. */
    ChaincodeRejection refusedTransient(ErrorCode code, LedgerIdentity who, Map<String, byte[]> transientData, String function,
            String... args) {
        return expectRejection(code, ledger.submit(who, function, List.of(args), transientData), function);
    }

    /** Evaluates a query that the contract must refuse with {@code code}; returns the refusal. */
    ChaincodeRejection refusedQuery(ErrorCode code, LedgerIdentity who, String function, String... args) {
        return expectRejection(code, ledger.evaluate(who, function, List.of(args)), function);
    }

    private static ChaincodeRejection expectRejection(ErrorCode code, Mono<?> call, String function) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        Object value = call.onErrorResume(e -> {
            error.set(e);
            return Mono.empty();
        }).block(TIMEOUT);
        assertThat(value).as("%s was expected to be refused with %s but succeeded: %s", function, code,
                value instanceof Submitted s ? new String(s.payload(), StandardCharsets.UTF_8) : value).isNull();
        assertThat(error.get()).as("%s failure", function).isInstanceOf(ChaincodeRejection.class);
        ChaincodeRejection rejection = (ChaincodeRejection) error.get();
        assertThat(rejection.code()).as("code of %s refusal: %s", function, rejection.getMessage()).isEqualTo(code.name());
        return rejection;
    }

    static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> texts(JsonNode array) {
        assertThat(array.isArray()).as("array expected: %s", array).isTrue();
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** Waits until at least {@code n} events arrived (they follow the commit answer by a moment). */
    List<ChaincodeEvent> awaitEvents(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (events.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(events).as("chaincode events").hasSizeGreaterThanOrEqualTo(n);
        return List.copyOf(events);
    }

    /**
     * Waits for the event of one transaction. Events of earlier transactions may still be arriving
     * when a test starts, so counting events would pick the wrong one.
     */
    ChaincodeEvent awaitEventOf(String txId) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ChaincodeEvent e : events) {
                if (e.txId().equals(txId)) {
                    return e;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no chaincode event for tx " + txId + " within " + TIMEOUT);
    }

    /** Asserts every object in the tree has its keys in ascending order. */
    static void assertKeysSorted(JsonNode node, String path) {
        if (node.isObject()) {
            String previous = null;
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String name = it.next();
                if (previous != null) {
                    assertThat(name).as("key order at %s: '%s' follows '%s'", path, name, previous).isGreaterThan(previous);
                }
                previous = name;
                assertKeysSorted(node.get(name), path + "." + name);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertKeysSorted(node.get(i), path + "[" + i + "]");
            }
        }
    }

    // ---- requests ----------------------------------------------------------------------------

    static ObjectNode accreditationRequest(String certifierId, List<String> categories, List<String> regions) {
        ObjectNode r = JSON.createObjectNode();
        r.put("certifierId", certifierId);
        r.put("name", "Certification body " + certifierId);
        ArrayNode c = r.putArray("productCategories");
        categories.forEach(c::add);
        ArrayNode g = r.putArray("regions");
        regions.forEach(g::add);
        return r;
    }

    JsonNode accredit(LedgerIdentity admin, LedgerIdentity certifier, List<String> categories, List<String> regions) {
        return submit(admin, "accreditation:accredit", json(accreditationRequest(ledgerId(certifier), categories, regions)));
    }

    static String documentHash() {
        return "sha256:" + String.format("%064x", HASHES.incrementAndGet());
    }

    /** A valid footprint submission: lithium battery cells made in Anhui. */
    static ObjectNode footprint() {
        return footprint("lithium-battery", "CN-AH");
    }

    static ObjectNode footprint(String category, String geography) {
        ObjectNode f = JSON.createObjectNode();
        f.put("id", UUID.randomUUID().toString());
        f.put("documentHash", documentHash());
        f.put("productCategory", category);
        f.put("productName", "LFP cell 280Ah");
        f.put("companyName", "Test Cells Co.");
        f.putArray("productIds").add("urn:gtin:06901234567892");
        f.putArray("companyIds").add("urn:uscc:91340100TEST00001X");
        f.put("declaredUnit", "kilowatt hour");
        f.put("declaredUnitAmount", "1");
        f.put("value", "62.5");
        f.put("valueIncludingBiogenic", "62.5");
        f.put("referencePeriodStart", "2025-01-01T00:00:00Z");
        f.put("referencePeriodEnd", "2026-01-01T00:00:00Z");
        f.put("geography", geography);
        f.putArray("standards").add("ISO14067");
        ObjectNode stages = f.putObject("stages");
        stages.put("raw-material-acquisition", "41.2");
        stages.put("production", "18.1");
        stages.put("distribution", "1.4");
        stages.put("end-of-life", "1.8");
        return f;
    }

    JsonNode record(LedgerIdentity who, ObjectNode footprint) {
        return submit(who, "footprint:record", json(footprint));
    }

    /** A benchmark for the fixture footprints (lithium batteries per kilowatt hour), valid from 2020 on. */
    static ObjectNode benchmark(String... thresholds) {
        ObjectNode b = JSON.createObjectNode();
        b.put("productCategory", "lithium-battery");
        b.put("unit", "kilowatt hour");
        ArrayNode t = b.putArray("thresholds");
        for (String s : thresholds) {
            t.add(s);
        }
        b.put("validFrom", "2020-01-01");
        b.put("source", "test benchmark");
        return b;
    }

    /** The grade {@link #fixtureBenchmark} gives the fixture footprint's 62.5 kg CO2e per kWh: exactly grade 2's bound. */
    static final String FIXTURE_GRADE = "2";

    /** A benchmark that grades the fixture footprints: 62.5 is grade {@value #FIXTURE_GRADE}. */
    static ObjectNode fixtureBenchmark() {
        return benchmark("50", "62.5", "100", "1000", "100000");
    }

    /**
     * Publishes {@link #fixtureBenchmark}, so the fixture footprints can be granted: a grant takes
     * its grade from the benchmark valid on its day, or is refused.
     */
    JsonNode publishFixtureBenchmark() {
        return submit(admin(ANHUI), "benchmark:publish", json(fixtureBenchmark()));
    }

    /** A fresh label id as the gateway draws it: 160 random bits in base32, 32 characters. */
    static String newLabelId() {
        byte[] bits = new byte[20];
        RANDOM.nextBytes(bits);
        return new Base32().encodeToString(bits).replace("=", "");
    }

    static String inOneYear() {
        return Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A grant without a grade: the contract takes it from the benchmark (see {@link #publishFixtureBenchmark}). */
    static ObjectNode grantRequest(String footprintId, String labelId) {
        ObjectNode d = JSON.createObjectNode();
        d.put("decision", "GRANTED");
        d.put("footprintId", footprintId);
        d.put("labelId", labelId);
        d.put("validUntil", inOneYear());
        d.put("reason", "verified against GB/T 24067-2024");
        return d;
    }

    /** A SUSPENDED, REVOKED or RENEWED decision naming the label. */
    static ObjectNode decisionRequest(String decision, String labelId, String reason) {
        ObjectNode d = JSON.createObjectNode();
        d.put("decision", decision);
        d.put("labelId", labelId);
        d.put("reason", reason);
        if ("RENEWED".equals(decision)) {
            d.put("validUntil", Instant.now().plus(730, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        }
        return d;
    }

    /** Submits a decision (before a certifier's first grant, {@link #submitRaw} registers a signing key). */
    JsonNode decide(LedgerIdentity who, ObjectNode request) {
        return submit(who, "certification:decide", json(request));
    }

    private final java.util.Set<String> withKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Registers a fresh key of {@code alg} for {@code who}; returns the contract's key record. */
    JsonNode registerKey(LedgerIdentity who, SignatureAlg alg) {
        return submit(who, "signingkey:register", json(keyRegistration(alg)));
    }

    static ObjectNode keyRegistration(SignatureAlg alg) {
        ECPublicKeyParameters key = (ECPublicKeyParameters) alg.generate().getPublic();
        ObjectNode r = JSON.createObjectNode();
        r.put("alg", alg.name());
        r.put("publicKey", java.util.Base64.getEncoder().encodeToString(SignatureAlg.spki(key)));
        return r;
    }
}
