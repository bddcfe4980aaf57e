package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.SuiteClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One interaction is one trace: the services export their spans to the test run's own OTLP receiver
 * ({@link LocalSuite#TRACES}), the trace context travels in the Kafka records' headers from intake's HTTP request
 * through the classifier, routing, review and the ledger, and the ledger's timeline names the trace.
 */
@ExtendWith(LocalSuite.class)
class TracingEndToEndTest {

    private static final Duration PIPELINE = Duration.ofSeconds(90);
    private static final List<String> SERVICES = List.of("intake-service", "classifier-service", "routing-service",
            "review-service", "ledger-service");
    private final SuiteClient client = new SuiteClient();

    @Test
    void anEscalatedInteractionIsOneTraceAcrossTheFiveServicesAndItsTimelineNamesIt() {
        SuiteClient.Reply accepted = client.postInteraction("""
                {"channel":"email","subject":"ERP integration",
                 "text":"Does your platform integrate with our ERP? We run SAP for finance and need invoices to sync.",
                 "contact":{"name":"Tracy Lin","email":"tracy@northwind.example","title":"CFO","company":"Northwind","companySize":900},
                 "agentDecision":{"label":"low_priority_technical_question","confidence":0.55,"action":"closed"},
                 "externalId":"e2e-trace-%s"}""".formatted(UUID.randomUUID()));
        assertEquals(202, accepted.status(), accepted.body());
        String interactionId = accepted.json().get("interactionId").asText();

        JsonNode timeline = await().atMost(PIPELINE).until(() -> timeline(interactionId), t -> Timelines.types(t)
                .containsAll(List.of("InteractionReceived", "InteractionClassified", "InteractionRouted",
                        "HandoffRequested")));
        assertEquals("ESCALATED", Timelines.payload(timeline, "InteractionRouted").path("outcome").asText());
        await().atMost(PIPELINE).until(() -> OpenReviews.itemFor(client, interactionId) != null);

        String traceId = timeline.path("events").get(0).path("traceId").asText();
        assertTrue(traceId.matches("[0-9a-f]{32}"), "the ledger records the trace id: " + timeline);
        for (JsonNode event : timeline.path("events")) {
            assertEquals(traceId, event.path("traceId").asText(), event.path("type") + " is in the interaction's trace");
        }

        // spans are exported in batches (every 5 s), each service's in its own: re-read the trace until it is whole
        await().atMost(PIPELINE).untilAsserted(() -> assertOneTraceAcrossTheSuite(LocalSuite.TRACES.trace(traceId)));
        LocalSuite.TRACES.trace(traceId)
                .forEach(span -> System.out.printf("span %-18s %-8s %s%n", span.service(), span.kind(), span.name()));
    }

    private static void assertOneTraceAcrossTheSuite(List<OtlpReceiver.Span> spans) {
        assertTrue(services(spans).containsAll(SERVICES), "every service's spans: " + services(spans));
        List<OtlpReceiver.Span> roots = spans.stream().filter(span -> span.parentSpanId().isEmpty()).toList();
        assertEquals(1, roots.size(), "one root: " + roots);
        assertEquals("intake-service", roots.get(0).service());
        assertEquals("SERVER", roots.get(0).kind());
        assertTrue(roots.get(0).name().contains("/interactions"), roots.get(0).name());
        assertEquals(List.of(), orphans(spans), "every span's parent is in the trace");
        // each stage received the record that reached it and published what it decided, in the same trace
        assertTrue(kinds(spans, "intake-service").contains("PRODUCER"), "intake published");
        assertTrue(kinds(spans, "classifier-service").containsAll(Set.of("CONSUMER", "PRODUCER")), "classifier");
        assertTrue(kinds(spans, "routing-service").containsAll(Set.of("CONSUMER", "PRODUCER")), "routing");
        assertTrue(names(spans, "routing-service").contains("handoffs.requested publish"), "routing handed off");
        assertTrue(names(spans, "review-service").contains("handoffs.requested receive"),
                "review got the handoff: " + names(spans, "review-service"));
        assertTrue(kinds(spans, "ledger-service").contains("CONSUMER"), "the ledger recorded");
    }

    private JsonNode timeline(String interactionId) {
        SuiteClient.Reply reply = client.get(Service.LEDGER, "/ledger/interactions/" + interactionId, "compliance");
        return reply.status() == 200 ? reply.json() : null;
    }

    private static Set<String> services(List<OtlpReceiver.Span> spans) {
        return spans.stream().map(OtlpReceiver.Span::service).collect(Collectors.toSet());
    }

    /** Spans whose parent is not (yet) among the trace's spans. */
    private static List<OtlpReceiver.Span> orphans(List<OtlpReceiver.Span> spans) {
        Set<String> ids = spans.stream().map(OtlpReceiver.Span::spanId).collect(Collectors.toSet());
        return spans.stream().filter(span -> !span.parentSpanId().isEmpty() && !ids.contains(span.parentSpanId()))
                .toList();
    }

    private static Set<String> kinds(List<OtlpReceiver.Span> spans, String service) {
        return spans.stream().filter(span -> span.service().equals(service)).map(OtlpReceiver.Span::kind)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> names(List<OtlpReceiver.Span> spans, String service) {
        return spans.stream().filter(span -> span.service().equals(service)).map(OtlpReceiver.Span::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
