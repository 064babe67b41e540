package org.tanji.gateway.pact;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.tanji.chaincode.support.CanonicalJson;

import com.fasterxml.jackson.databind.JsonNode;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Delivers the {@link EventOutbox}: every {@code TANJI_PACT_OUTBOX_POLL} it posts the due events to their
 * partner's events endpoint with a Bearer token it got from the partner's token endpoint (client
 * credentials, HTTP Basic, cached until shortly before it expires). A 2xx marks an event delivered; any
 * other answer or a network error schedules the next attempt by the {@link RetrySchedule}
 * ({@code TANJI_PACT_RETRY_INITIAL × 2^(n-1)}, at most {@code TANJI_PACT_RETRY_MAX}) until {@code TANJI_PACT_RETRY_FOR} after it was queued. A 401
 * drops the cached token, so the next attempt fetches a new one. Events are sent one at a time, oldest due first.
 */
@Component
public class OutboxSender implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    private static final int BATCH = 100;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final EventOutbox outbox;
    private final PactPartners partners;
    private final PactProperties properties;
    private final RetrySchedule retries;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile Disposable running;

    private record Token(String value, Instant refreshAt) {
    }

    public OutboxSender(EventOutbox outbox, PactPartners partners, PactProperties properties) {
        this.outbox = outbox;
        this.partners = partners;
        this.properties = properties;
        this.retries = RetrySchedule.of(properties);
    }

    @Override
    public void start() {
        running = Rounds.every(properties.outboxPoll(), this::sendDue, LOG, "PACT outbox round");
    }

    @Override
    public void stop() {
        Disposable r = running;
        if (r != null) {
            r.dispose();
            running = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    /** One round: every event due now, one after another. */
    Mono<Void> sendDue() {
        return outbox.due(BATCH).concatMap(this::send).then();
    }

    private Mono<Void> send(Document queued) {
        String id = queued.getString("_id");
        int attempts = queued.getInteger("attempts", 0);
        Instant giveUpAt = queued.getDate("createdAt").toInstant().plus(properties.retryFor());
        return Mono.justOrEmpty(partners.byClient(queued.getString("partner")))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("partner " + queued.getString("partner")
                        + " is no longer registered in TANJI_PACT_PARTNERS")))
                .flatMap(partner -> token(partner).flatMap(token -> post(partner, token, queued.getString("event"))))
                .flatMap(status -> status / 100 == 2 ? outbox.delivered(id)
                        : Mono.error(new IllegalStateException("the partner answered HTTP " + status)))
                .onErrorResume(e -> outbox.failed(id, e.getMessage() == null ? e.toString() : e.getMessage(),
                        retries.afterFailure(attempts + 1), giveUpAt));
    }

    private Mono<Integer> post(PactPartners.Partner partner, String token, String event) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(partner.eventsUrl())).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/cloudevents+json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8)).build();
        return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding())).map(response -> {
            if (response.statusCode() == 401) {
                tokens.remove(partner.client());
            }
            return response.statusCode();
        });
    }

    private Mono<String> token(PactPartners.Partner partner) {
        Token cached = tokens.get(partner.client());
        if (cached != null && Instant.now().isBefore(cached.refreshAt())) {
            return Mono.just(cached.value());
        }
        String basic = Base64.getEncoder().encodeToString((partner.clientId() + ":" + partner.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(partner.tokenUrl())).timeout(TIMEOUT)
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        return Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())).map(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the partner's token endpoint answered HTTP " + response.statusCode());
            }
            JsonNode body;
            try {
                body = CanonicalJson.mapper().readTree(response.body());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the partner's token endpoint answered no JSON", e);
            }
            String value = body.path("access_token").asText("");
            if (value.isEmpty()) {
                throw new IllegalStateException("the partner's token endpoint answered no access_token");
            }
            // Refreshed at half its life or a minute before it expires, whichever comes first, so no event goes out on a stale one.
            long life = body.path("expires_in").asLong(300);
            Instant refreshAt = Instant.now().plusSeconds(Math.max(1, Math.min(life - 60, life / 2)));
            tokens.put(partner.client(), new Token(value, refreshAt));
            return value;
        });
    }
}
