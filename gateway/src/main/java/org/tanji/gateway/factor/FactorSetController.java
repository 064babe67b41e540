package org.tanji.gateway.factor;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.security.CurrentClient;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/factor-sets}: a registry admin publishes an emission-factor set (JSON, or CSV
 * with the set's fields as query parameters); anyone signed in reads sets and looks factors up by
 * code, region and day at {@code /api/v1/factors/{code}}.
 */
@RestController
@Tag(name = "Emission factors", description = "Versioned emission-factor sets anchored on the ledger")
public class FactorSetController {
    private static final String TEXT_CSV = "text/csv";
    private final FactorSetRegistry registry;
    private final CurrentClient current;

    public FactorSetController(FactorSetRegistry registry, CurrentClient current) {
        this.registry = registry;
        this.current = current;
    }

    @Operation(summary = "Publish an emission-factor set (registry admin), as JSON",
            description = "{name, version, publisher, source, region?, validFrom, validTo?, factors: [{code, description, value, unit,"
                    + " source?, kind?}]}. Dates are ISO days, validTo inclusive; units like kgCO2e/kWh; kind is one of electricity,"
                    + " fuel, heat, material, transport, other (without it, a factor per Wh, kWh, MWh, ... is electricity)."
                    + " A name+version is published once.")
    @PostMapping(path = "/api/v1/factor-sets", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<FactorSetRegistry.Published>> publishJson(@RequestBody(required = false) Mono<String> body) {
        return current.acting().flatMap(a -> body.defaultIfEmpty("")
                        .flatMap(b -> registry.publish(a.identity(), FactorSetReader.json(b))))
                .map(FactorSetController::created);
    }

    @Operation(summary = "Publish an emission-factor set (registry admin), as CSV",
            description = "Query: name, version, publisher, source, region?, validFrom, validTo?. Body: a header line"
                    + " code,description,value,unit[,source][,kind], then one factor per line (RFC 4180 quoting).")
    @PostMapping(path = "/api/v1/factor-sets", consumes = TEXT_CSV, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<FactorSetRegistry.Published>> publishCsv(@RequestParam Map<String, String> set,
                                                                        @RequestBody(required = false) Mono<String> body) {
        return current.acting().flatMap(a -> body.defaultIfEmpty("")
                        .flatMap(b -> registry.publish(a.identity(), FactorSetReader.csv(set, b))))
                .map(FactorSetController::created);
    }

    @Operation(summary = "Every anchored factor set version (without its factors)")
    @GetMapping(path = "/api/v1/factor-sets", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<Map<String, Object>>> list() {
        return current.acting().then(registry.index()).map(i -> {
            List<FactorIndex.Indexed> sets = new ArrayList<>(i.sets());
            sets.sort(Comparator.comparing((FactorIndex.Indexed s) -> s.set().name()).thenComparing(s -> s.set().version()));
            List<Map<String, Object>> out = new ArrayList<>();
            for (FactorIndex.Indexed s : sets) {
                out.add(summary(s.set(), s.documentHash()));
            }
            return out;
        });
    }

    @Operation(summary = "One factor set version with all its factors and the hash it is anchored under")
    @GetMapping(path = "/api/v1/factor-sets/{name}/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> get(@PathVariable String name, @PathVariable String version) {
        return current.acting().then(registry.set(name, version)).map(s -> {
            Map<String, Object> body = summary(s.set(), s.documentHash());
            body.put("factors", s.set().factors());
            return body;
        });
    }

    @Operation(summary = "The factor for a code in a region on a day",
            description = "e.g. /api/v1/factors/grid-electricity?region=CN-AH&date=2025-06-30. Falls back from CN-AH to CN"
                    + " to sets without a region; the newest valid version wins.")
    @GetMapping(path = "/api/v1/factors/{code}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> lookup(@PathVariable String code, @RequestParam(required = false) String region,
                                            @RequestParam String date) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return Mono.error(ApiException.badRequest("date", "must be an ISO date like 2025-06-30, got \"" + date + "\""));
        }
        return current.acting().then(registry.lookup(code, region, day)).map(found -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("factor", found.factor());
            body.put("set", summary(found.set(), found.documentHash()));
            return body;
        });
    }

    private static ResponseEntity<FactorSetRegistry.Published> created(FactorSetRegistry.Published p) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(java.net.URI.create("/api/v1/factor-sets/" + p.name() + "/" + p.version())).body(p);
    }

    static Map<String, Object> summary(FactorSet set, String documentHash) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", set.name());
        s.put("version", set.version());
        s.put("publisher", set.publisher());
        s.put("source", set.source());
        s.put("region", set.region());
        s.put("validFrom", set.validFrom());
        s.put("validTo", set.validTo());
        s.put("factorCount", set.factors().size());
        s.put("documentHash", documentHash);
        return s;
    }
}
