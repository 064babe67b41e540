package org.tanji.gateway.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.benchmark.DemoBenchmarks;
import org.tanji.gateway.certification.CertificationService;
import org.tanji.gateway.config.PublicUrls;
import org.tanji.gateway.config.TanjiProperties;
import org.tanji.gateway.factor.DemoFactorSet;
import org.tanji.gateway.factor.FactorSetRegistry;
import org.tanji.gateway.footprint.FootprintService;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.security.ClientRegistry;
import org.tanji.gateway.security.RegisteredClient;
import org.tanji.gateway.security.Role;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Seeds a demo registry when {@code tanji.demo} is on: two regional registries, a certification
 * body, a company and a bank, a few footprints and labels, an emission-factor set of DEMO values
 * and DEMO grading benchmarks, which grade the labels. Demo clients and their secrets are written
 * to {@code <data>/demo-clients.json}. Seeding happens once per data folder.
 */
@Component
public class DemoRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DemoRegistry.class);
    private final TanjiProperties properties;
    private final ClientRegistry clients;
    private final Ledger ledger;
    private final FootprintService footprints;
    private final CertificationService certifications;
    private final PublicUrls urls;
    private final MongoCollection<Document> meta;
    private final FactorSetRegistry factorSets;

    public DemoRegistry(TanjiProperties properties, ClientRegistry clients, Ledger ledger, FootprintService footprints,
                        CertificationService certifications, PublicUrls urls, MongoDatabase database,
                        FactorSetRegistry factorSets) {
        this.factorSets = factorSets;
        this.properties = properties;
        this.clients = clients;
        this.ledger = ledger;
        this.footprints = footprints;
        this.certifications = certifications;
        this.urls = urls;
        this.meta = database.getCollection("meta");
    }

    /** A demo client as written to demo-clients.json. */
    public record DemoClient(String client_id, String client_secret, String role, String org) {
    }

    @EventListener(ApplicationReadyEvent.class)
    public void seedIfAsked() {
        if (!properties.demo()) {
            return;
        }
        // Runs once at start-up, before traffic matters; blocking here keeps the start order simple.
        List<String> labels = seed().block(java.time.Duration.ofMinutes(2));
        Path file = properties.dataDir().resolve("demo-clients.json").toAbsolutePath();
        LOG.info("Demo registry ready. Clients and secrets: {}", file);
        labels.forEach(id -> LOG.info("Demo label: {}", urls.verifyUrl(id)));
    }

    Mono<List<String>> seed() {
        return Mono.from(meta.find(Filters.eq("_id", "demo")).first()).map(d -> d.getList("labels", String.class))
                .switchIfEmpty(Mono.defer(this::seedNow));
    }

    private Mono<List<String>> seedNow() {
        List<DemoClient> demo = List.of(
                new DemoClient("admin-anhui", secret(), Role.REGISTRY_ADMIN.wireName(), "AnhuiMSP"),
                new DemoClient("admin-gansu", secret(), Role.REGISTRY_ADMIN.wireName(), "GansuMSP"),
                new DemoClient("cb-anhui-quality", secret(), Role.CERTIFIER.wireName(), "AnhuiMSP"),
                new DemoClient("co-hefei-battery", secret(), Role.COMPANY.wireName(), "AnhuiMSP"),
                new DemoClient("bank-green-credit", secret(), Role.BANK.wireName(), "GreenBankMSP"));
        writeClients(demo);
        return Flux.fromIterable(demo)
                .concatMap(c -> clients.register(c.client_id(), c.client_secret(), Role.of(c.role()), c.org()))
                .collectList()
                .flatMap(registered -> {
                    RegisteredClient admin = registered.get(0);
                    RegisteredClient certifier = registered.get(2);
                    Map<String, Object> accreditation = new LinkedHashMap<>();
                    accreditation.put("certifierId", certifier.ledgerId());
                    accreditation.put("name", "Anhui Product Carbon Certification Centre (demo)");
                    accreditation.put("productCategories", List.of("lithium-battery", "pv-module", "steel"));
                    accreditation.put("regions", List.of("CN-AH"));
                    return ledger.submit(clients.ledgerIdentity(admin), "accreditation:accredit",
                                    List.of(CanonicalJson.string(accreditation)))
                            // Clearly marked demo factors, so POST /api/v1/calculations can be tried at once.
                            .then(factorSets.publish(clients.ledgerIdentity(admin), DemoFactorSet.set()))
                            // Clearly marked demo benchmarks: a grant takes its grade from one, or is refused.
                            .then(Flux.fromIterable(DemoBenchmarks.all())
                                    .concatMap(b -> ledger.submit(clients.ledgerIdentity(admin), "benchmark:publish",
                                            List.of(CanonicalJson.string(b))))
                                    .then())
                            .then(Flux.fromIterable(demoFootprints())
                                    .concatMap(pf -> footprints.submit(clients.ledgerIdentity(certifier), pf))
                                    .concatMap(recorded -> {
                                        ObjectNode grant = CanonicalJson.mapper().createObjectNode();
                                        grant.put("decision", "GRANTED");
                                        grant.put("footprintId", recorded.id());
                                        grant.put("validUntil", Instant.now().plus(730, ChronoUnit.DAYS)
                                                .truncatedTo(ChronoUnit.SECONDS).toString());
                                        grant.put("reason", "demo certification");
                                        return certifications.decide(clients.ledgerIdentity(certifier), grant);
                                    })
                                    .map(CertificationService.Decided::labelId)
                                    .collectList());
                })
                .flatMap(labels -> Mono.from(meta.insertOne(new Document("_id", "demo").append("labels", labels)))
                        .thenReturn(labels));
    }

    private void writeClients(List<DemoClient> demo) {
        Path file = properties.dataDir().resolve("demo-clients.json");
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("demo-clients.json.tmp");
            Files.write(tmp, CanonicalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(demo));
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not POSIX: the data folder's permissions protect it.
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String secret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Demo footprints with clearly invented figures, marked as such in their comment. */
    public static List<String> demoFootprints() {
        List<String> out = new ArrayList<>();
        out.add(footprint("Hefei 280Ah LFP battery cell (demo)", "urn:gtin:06901234567892", "lithium-battery",
                "kilowatt hour", "62.5", Map.of("raw-material-acquisition", "41.2", "production", "18.1",
                        "distribution", "1.4", "use", "0", "end-of-life", "1.8")));
        out.add(footprint("Monocrystalline PV module 550 W (demo)", "urn:gtin:06901234567908", "pv-module",
                "piece", "412.7", Map.of("raw-material-acquisition", "289.0", "production", "109.3",
                        "distribution", "9.6", "end-of-life", "4.8")));
        out.add(footprint("Hot-rolled steel coil (demo)", "urn:gtin:06901234567915", "steel", "kilogram", "1.92",
                Map.of("raw-material-acquisition", "0.61", "production", "1.24", "distribution", "0.05",
                        "end-of-life", "0.02")));
        return out;
    }

    /** The demo battery footprint, the workload of {@code ./tanji bench}. */
    public static String benchmarkFootprint() {
        return demoFootprints().get(0);
    }

    static String footprint(String product, String productId, String category, String unit, String value,
                            Map<String, String> stages) {
        ObjectNode pf = CanonicalJson.mapper().createObjectNode();
        pf.put("specVersion", "3.0.0");
        pf.put("companyName", "Hefei Demo Manufacturing Co.");
        pf.putArray("companyIds").add("urn:uscc:91340100DEMO00001X");
        pf.put("productDescription", product);
        pf.putArray("productIds").add(productId);
        pf.put("productNameCompany", product);
        pf.put("comment", "DEMO DATA: invented figures for trying Tanji; not an official footprint.");
        ObjectNode pcf = pf.putObject("pcf");
        pcf.put("declaredUnitOfMeasurement", unit);
        pcf.put("declaredUnitAmount", "1");
        pcf.put("productMassPerDeclaredUnit", "1");
        pcf.put("referencePeriodStart", "2025-01-01T00:00:00Z");
        pcf.put("referencePeriodEnd", "2026-01-01T00:00:00Z");
        pcf.put("geographyCountrySubdivision", "CN-AH");
        pcf.put("pcfExcludingBiogenicUptake", value);
        pcf.put("pcfIncludingBiogenicUptake", value);
        pcf.put("fossilGhgEmissions", value);
        pcf.put("fossilCarbonContent", "0");
        pcf.putArray("ipccCharacterizationFactors").add("AR6");
        pcf.putArray("crossSectoralStandards").add("ISO14067").add("GB/T24067-2024");
        pcf.put("exemptedEmissionsPercent", "0");
        ObjectNode ext = pf.putArray("extensions").addObject();
        ext.put("specVersion", "2.0.0");
        ext.put("dataSchema", "http://127.0.0.1:8080/.well-known/tanji/footprint-extension/1.0.0/schema.json");
        ObjectNode data = ext.putObject("data");
        data.put("productCategory", category);
        ObjectNode st = data.putObject("lifecycleStages");
        stages.forEach(st::put);
        return CanonicalJson.string(pf);
    }
}
