package org.tanji.gateway.benchmark;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.security.CurrentClient;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/** {@code /api/v1/benchmarks}: publish a grading benchmark version; read the versions and the one valid on a day. */
@RestController
@RequestMapping("/api/v1/benchmarks")
@Tag(name = "Benchmarks", description = "Grading benchmarks (分级), versioned and anchored")
public class BenchmarkController {
    private final Ledger ledger;
    private final CurrentClient current;

    public BenchmarkController(Ledger ledger, CurrentClient current) {
        this.ledger = ledger;
        this.current = current;
    }

    @Operation(summary = "Publish a benchmark version (registry admin)",
            description = "{productCategory, unit, thresholds: [5 ascending decimal strings, upper bounds of grades 1..5 in kg CO2e"
                    + " per declared unit, inclusive], validFrom, validTo?, source?}")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> publish(@RequestBody(required = false) Mono<String> body) {
        return current.acting().flatMap(a -> body.defaultIfEmpty("").flatMap(b -> {
            if (b.isBlank()) {
                return Mono.error(ApiException.badRequest("body", "is empty; send a benchmark as JSON"));
            }
            // The contract checks every field and names it; the body goes through canonical JSON unchanged.
            return ledger.submit(a.identity(), "benchmark:publish", List.of(b));
        })).map(tx -> ResponseEntity.status(HttpStatus.CREATED).body(LedgerJson.plain(tx.payload())));
    }

    @Operation(summary = "Every version for a category and declared unit, oldest first")
    @GetMapping(path = "/{productCategory}/{unit}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Object> versions(@PathVariable String productCategory, @PathVariable String unit) {
        return current.acting().flatMap(a -> ledger.evaluate(a.identity(), "benchmark:versions", List.of(productCategory, unit)))
                .map(LedgerJson::plain);
    }

    @Operation(summary = "The version that applies on a day (default: today, UTC); 422 when none does")
    @GetMapping(path = "/{productCategory}/{unit}/current", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Object> current(@PathVariable String productCategory, @PathVariable String unit,
                                @RequestParam(required = false) String date) {
        String day = date == null ? LocalDate.now(ZoneOffset.UTC).toString() : date;
        return current.acting().flatMap(a -> ledger.evaluate(a.identity(), "benchmark:current",
                List.of(productCategory, unit, day))).map(LedgerJson::plain);
    }
}
