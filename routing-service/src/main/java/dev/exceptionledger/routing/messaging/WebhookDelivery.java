package dev.exceptionledger.routing.messaging;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffDeliveryFailed;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.routing.WebhookConfig;
import dev.exceptionledger.routing.domain.Webhooks;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.EventPublisher;
import dev.exceptionledger.support.Producers;
import dev.exceptionledger.support.Traces;
import io.opentelemetry.context.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

/**
 * Delivers each handoff to its team's webhook, if the team has one: the envelope as JSON without its personal values,
 * HMAC-signed, retried
 * with exponential backoff. Reads handoffs.requested in its own consumer group, so a delivery survives a restart
 * (the record is committed only after delivery or dead-lettering) and never slows routing down. A delivery that
 * finally fails is published as {@link HandoffDeliveryFailed}, which the ledger records.
 */
@ApplicationScoped
public class WebhookDelivery {

    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);
    /** What a webhook gets in place of each personal value (see {@link PersonalFields}). */
    static final String WITHHELD = "[withheld: read it in review]";

    private final WebhookConfig config;
    private final Producers producers;
    private final MutinyEmitter<Record<String, String>> failures;
    private final HttpClient http;
    private final MeterRegistry metrics;

    public WebhookDelivery(WebhookConfig config, Producers producers,
                           @Channel("delivery-failures") MutinyEmitter<Record<String, String>> failures,
                           MeterRegistry metrics) {
        this.config = config;
        this.producers = producers;
        this.failures = failures;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout()).build();
    }

    /** Unordered: one team's slow webhook must not hold back other handoffs of the partition. */
    @Incoming("handoff-deliveries")
    @Blocking(ordered = false)
    public void on(ConsumerRecord<String, String> record) throws InterruptedException {
        // a delivery failure is recorded in the handoff's trace
        try (Scope trace = Traces.of(record).makeCurrent()) {
            deliver(record.value());
        }
    }

    private void deliver(String value) throws InterruptedException {
        EventEnvelope handoff;
        try {
            handoff = EnvelopeInput.read(value);
        } catch (IllegalArgumentException e) {
            // not ours to dead-letter: the topic's consumers of record (review) do, and a copy from here would
            // record the same dead letter twice; nothing was delivered, nothing is lost
            return;
        }
        if (!HandoffRequested.TYPE.equals(handoff.type())) {
            return;
        }
        HandoffRequested requested = handoff.payloadAs(HandoffRequested.class);
        if (imported(requested)) {
            // history, looked at retrospectively: it waits in review's IMPORT queue, it is not news for a team
            return;
        }
        String team = requested.team();
        WebhookConfig.Team hook = team == null ? null : config.teams().get(team);
        if (hook == null) {
            return;
        }
        // a copy outside the suite is one an erasure could not reach: the team learns that and why the handoff is
        // theirs, and reads the person's words in review
        PersonalFields.replace(handoff.payload(), personal -> WITHHELD);
        String body = handoff.toJson();
        String signature = Webhooks.signature(hook.secret(), body);
        Instant first = Instant.now();
        String lastError = null;
        int attempt = 0;
        while (attempt < config.attempts()) {
            if (attempt > 0) {
                Thread.sleep(Webhooks.backoff(config.initialBackoff(), attempt).toMillis());
            }
            attempt++;
            try {
                int status = post(hook.url(), handoff, body, signature);
                if (status >= 200 && status < 300) {
                    metrics.counter("exledger.handoff.deliveries", "team", team).increment();
                    return;
                }
                lastError = "HTTP " + status;
                if (!Webhooks.retryable(status)) {
                    break;
                }
            } catch (IOException e) {
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        URI url = hook.url();
        String endpoint = url.getScheme() + "://" + url.getAuthority() + (url.getPath() == null ? "" : url.getPath());
        LOG.warnf("handoff %s not delivered to %s's webhook %s after %d attempt(s): %s", handoff.eventId(), team,
                endpoint, attempt, lastError);
        EventPublisher.publish(failures, EventEnvelope.causedBy(handoff, HandoffDeliveryFailed.TYPE,
                producers.producer(), new HandoffDeliveryFailed(team, handoff.eventId().toString(), endpoint, attempt,
                        lastError, first, Instant.now())));
        metrics.counter("exledger.handoff.delivery.failures", "team", team).increment();
    }

    private static boolean imported(HandoffRequested handoff) {
        return handoff.classification() != null && handoff.classification().interaction() != null
                && handoff.classification().interaction().imported();
    }

    private int post(URI url, EventEnvelope handoff, String body, String signature)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header(Webhooks.SIGNATURE_HEADER, signature)
                .header(Webhooks.EVENT_ID_HEADER, handoff.eventId().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
