package org.tanji.gateway.label;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.context.annotation.Bean;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springdoc.core.annotations.RouterOperation;

import io.micrometer.observation.ObservationPredicate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code GET /api/v1/labels/{labelId}/verification}, the hottest path of the registry: every scan
 * of every label. It is a functional route, matched before the annotated controllers, and it
 * sends JSON that {@link LabelVerifier} serialised once per label state.
 */
@Configuration
public class LabelRoutes {

    /**
     * No per-request HTTP observation for label scans: at thousands per second it cost a fifth of a
     * scan's CPU. Scans are counted per label by {@code ScanCounts}; every other path keeps its
     * {@code http.server.requests} metrics.
     */
    @Bean
    ObservationPredicate noObservationOfLabelScans() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request && isScan(request.getCarrier()));
    }

    private static boolean isScan(ServerHttpRequest request) {
        String path = request.getPath().value();
        return DigitalLinkPageController.isScanPath(path)
                || (path.startsWith("/api/v1/labels/") && path.endsWith("/verification"));
    }

    @Bean
    @RouterOperation(path = "/api/v1/labels/{labelId}/verification", method = RequestMethod.GET,
            operation = @Operation(operationId = "verifyLabel", tags = "Labels",
                    summary = "Public: is this label genuine and valid? Status, figures, certifier and ledger proof",
                    parameters = @Parameter(name = "labelId", in = ParameterIn.PATH, required = true),
                    responses = {
                        @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = LabelVerification.class))),
                        @ApiResponse(responseCode = "404", description = "status NOT_FOUND",
                                content = @Content(schema = @Schema(implementation = LabelVerification.class)))}))
    RouterFunction<ServerResponse> labelVerificationRoute(LabelVerifier verifier) {
        return RouterFunctions.route(GET("/api/v1/labels/{labelId}/verification"), request ->
                verifier.answer(request.pathVariable("labelId")).flatMap(answer -> ServerResponse
                        .status(answer.verification().status() == LabelStatus.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.OK)
                        .contentType(MediaType.APPLICATION_JSON)
                        .cacheControl(CacheControl.noCache())
                        .bodyValue(answer.json())));
    }
}
