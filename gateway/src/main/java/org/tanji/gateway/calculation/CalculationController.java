package org.tanji.gateway.calculation;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tanji.gateway.security.CurrentClient;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/** {@code /api/v1/calculations}: calculate a footprint from activity data, optionally record it; recompute a recorded one. */
@RestController
@RequestMapping("/api/v1/calculations")
@Tag(name = "Calculations", description = "Reproducible footprint calculations (GB/T 24067 / ISO 14067)")
public class CalculationController {
    private final CalculationService calculations;
    private final CurrentClient current;

    public CalculationController(CalculationService calculations, CurrentClient current) {
        this.calculations = calculations;
        this.current = current;
    }

    @Operation(summary = "Calculate a footprint (company or certifier); with \"record\": true also record it",
            description = "{productName, declaredUnit: {amount, unit}, factorSet: {name, version}, referencePeriod: {start, end},"
                    + " stages: [{stage, inputs: [{description, quantity, unit, factorCode | supplierFootprintId, primaryData?, dqi?}]}],"
                    + " allocation?: {method, share}, electricity?: {method: location|market}, record?}. Recording also needs"
                    + " productCategory, productIds, companyName, companyIds, geography, productMassPerDeclaredUnit.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> calculate(@RequestBody(required = false) Mono<String> body) {
        return current.acting().flatMap(a -> body.defaultIfEmpty("").flatMap(b -> calculations.calculate(a.identity(), b)))
                .map(answer -> ResponseEntity.status(answer.containsKey("footprint") ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(answer));
    }

    @Operation(summary = "Recalculate a recorded footprint from its anchored inputs and compare the resultHash")
    @PostMapping(path = "/{footprintId}/recomputation", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> recompute(@PathVariable String footprintId) {
        return current.acting().flatMap(a -> calculations.recompute(a.identity(), footprintId));
    }
}
