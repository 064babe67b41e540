package org.tanji.gateway.pact;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.security.CurrentClient;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;

/**
 * PACT v3 {@code POST /3/events}: CloudEvents in structured JSON. A valid event is stored in the
 * {@link EventInbox} before the 200, and {@link EventIntake} acts on it (a failure there is retried, never
 * answered: the event is accepted); a resent one is acknowledged again, and acted on again only if that is
 * unfinished; a malformed one is a 400 {@code BadRequest}. Each partner has its own rate of valid events ({@code TANJI_PACT_EVENT_RATE});
 * past it the answer is 429 with {@code Retry-After}, decided before anything is stored, so an event is
 * either accepted whole or refused whole and the partner's retry loses nothing.
 */
@RestController
public class PactEventController extends PactEndpoint {
    static final MediaType CLOUDEVENTS_JSON = MediaType.parseMediaType("application/cloudevents+json");
    private final EventInbox inbox;
    private final CurrentClient current;
    private final EventIntake intake;
    private final int perSecond;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    private final PactPartners partners;

    public PactEventController(EventInbox inbox, CurrentClient current, PactProperties properties,
                               EventIntake intake, PactPartners partners) {
        this.inbox = inbox;
        this.partners = partners;
        this.current = current;
        this.intake = intake;
        this.perSecond = properties.eventRate();
    }

    @Operation(summary = "PACT Action Events: RequestCreated, RequestFulfilled, RequestRejected, Published (CloudEvents 1.0);"
            + " /2/events takes PACT v2.x's org.wbcsd.pathfinder.* events")
    @PostMapping(path = {"/3/events", "/2/events"})
    public Mono<ResponseEntity<byte[]>> receive(ServerWebExchange exchange, @RequestBody(required = false) Mono<String> body) {
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        if (type == null || !(type.isCompatibleWith(CLOUDEVENTS_JSON) || type.isCompatibleWith(MediaType.APPLICATION_JSON))) {
            return Mono.error(PactException.badRequest("send the event as application/cloudevents+json (structured mode)"));
        }
        // Parsed before the partner's budget is charged: a malformed event costs a parse and stores nothing,
        // while the budget guards what accepting costs (the durable write and the work an event starts).
        PactVersion version = PactVersion.of(path(exchange));
        return current.acting().zipWith(body.defaultIfEmpty("").map(b -> CloudEventParser.parse(b, version))).flatMap(both -> {
            String partner = both.getT1().client().clientId();
            // A registered partner's events must come from its registered host (see PactPartners): checked before
            // the event is accepted, since answers to it go to that partner.
            partners.byClient(partner).filter(p -> !p.owns(both.getT2().source())).ifPresent(p -> {
                throw PactException.badRequest("source \"" + both.getT2().source() + "\" is not on " + p.host()
                        + ", the host registered for this partner");
            });
            Bucket bucket = buckets.get(partner, k -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                    .build());
            if (!bucket.tryConsume(1)) {
                return Mono.just(ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "1")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(CanonicalJson.bytes(new PactError(PactError.BAD_REQUEST,
                                "more than " + perSecond + " events per second; this event was not accepted, resend it"))));
            }
            CloudEventParser.Parsed event = both.getT2();
            String key = EventInbox.key(partner, event.source(), event.id());
            // An event no listener acts on (Published) is stored settled: nothing to do, and no second write.
            boolean actedOn = intake.actedOn(event.event());
            return inbox.accept(partner, event, version, actedOn)
                    .flatMap(arrival -> arrival == EventInbox.Arrival.SETTLED || !actedOn ? Mono.<Void>empty()
                            : intake.process(key, both.getT1(), event))
                    .then(Mono.fromSupplier(() -> ResponseEntity.ok().<byte[]>build()));
        });
    }
}
