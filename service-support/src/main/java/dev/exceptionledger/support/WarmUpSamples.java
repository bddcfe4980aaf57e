package dev.exceptionledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.NearestExample;
import dev.exceptionledger.contracts.NoveltyDetail;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.ValueSignal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The synthetic inputs of every service's {@link WarmUp}: the sample traffic of the local demo (routine and
 * exceptional interactions, and two intake refuses), and what the stages after intake would make of it. Built once;
 * nothing here is ever published. Interaction ids start with {@value #ID_PREFIX}.
 */
public final class WarmUpSamples {
    private WarmUpSamples() { }

    public static final String ID_PREFIX = "warm-up-";
    private static final String PRODUCER = "warm-up";
    private static final List<String> INTENTS = List.of("pricing_question", "demo_request", "product_how_to",
            "account_access", "billing_question", "bug_report", "integration_question", "security_compliance",
            "procurement_contract", "cancellation_churn", "partnership_inquiry", "spam", "legal_privacy",
            "data_incident");

    private static final List<byte[]> BODIES = readBodies();
    private static final List<InteractionReceived> INTERACTIONS = interactionsOf(BODIES);
    private static final List<InteractionClassified> CLASSIFIED = classify(INTERACTIONS);

    /** Request bodies for intake's {@code POST /interactions}, as a client sends them (two are invalid). */
    public static List<byte[]> bodies() {
        return BODIES;
    }

    /** The valid bodies as intake records them. */
    public static List<InteractionReceived> interactions() {
        return INTERACTIONS;
    }

    /** A classification of each interaction, spread over intents, confidence, novelty and value. */
    public static List<InteractionClassified> classifications() {
        return CLASSIFIED;
    }

    /**
     * Each interaction's journey as envelopes, the way the topics carry them: received, classified, routed and, for
     * every other one, handed off; fresh eventIds on every call.
     */
    public static List<EventEnvelope> journeys() {
        List<EventEnvelope> envelopes = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < INTERACTIONS.size(); i++) {
            InteractionClassified classified = CLASSIFIED.get(i);
            EventEnvelope received = EventEnvelope.first(InteractionReceived.TYPE, ID_PREFIX + i, PRODUCER,
                    INTERACTIONS.get(i));
            EventEnvelope classifiedEvent = EventEnvelope.causedBy(received, InteractionClassified.TYPE, PRODUCER,
                    classified);
            boolean handoff = i % 2 == 0;
            Instant deadline = now.plus(Duration.ofHours(4));
            String explanation = "warm-up: " + classified.intent() + " at confidence " + classified.confidence();
            envelopes.add(received);
            envelopes.add(classifiedEvent);
            envelopes.add(EventEnvelope.causedBy(classifiedEvent, InteractionRouted.TYPE, PRODUCER,
                    new InteractionRouted(handoff ? RoutingOutcome.ESCALATED : RoutingOutcome.AGENT_HANDLED,
                            handoff ? classified.team() : null, null, handoff ? "high" : null,
                            handoff ? deadline : null, explanation, "warm-up-rule", "warm-up",
                            explanation, List.of("WARM_UP"))));
            if (handoff) {
                InteractionReceived interaction = classified.interaction();
                envelopes.add(EventEnvelope.causedBy(classifiedEvent, HandoffRequested.TYPE, PRODUCER,
                        new HandoffRequested(classified.team(), "high", deadline, List.of("WARM_UP"),
                                "warm-up-rule", "warm-up", explanation, classified, interaction.text(),
                                interaction.contact(), interaction.agentDecision(), "PT4H")));
            }
        }
        return envelopes;
    }

    private static List<byte[]> readBodies() {
        List<byte[]> bodies = new ArrayList<>();
        try (InputStream in = WarmUpSamples.class.getResourceAsStream("/warm-up/interactions.jsonl");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    bodies.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the warm-up samples", e);
        }
        return List.copyOf(bodies);
    }

    private static List<InteractionReceived> interactionsOf(List<byte[]> bodies) {
        List<InteractionReceived> interactions = new ArrayList<>();
        Instant now = Instant.now();
        for (byte[] body : bodies) {
            JsonNode b = Json.read(new String(body, StandardCharsets.UTF_8), JsonNode.class);
            String text = b.path("text").asText("");
            if (text.isBlank() || !dev.exceptionledger.contracts.Channels.ALL.contains(b.path("channel").asText())) {
                continue; // what intake refuses never goes further
            }
            Contact contact = b.has("contact") ? Json.convert(b.get("contact"), Contact.class) : null;
            AgentDecision decision = b.has("agentDecision")
                    ? Json.convert(b.get("agentDecision"), AgentDecision.class) : null;
            interactions.add(new InteractionReceived(b.path("channel").asText(),
                    b.hasNonNull("subject") ? b.get("subject").asText() : null, text, contact, List.of(),
                    decision, b.path("externalId").asText(null), null, now));
        }
        return List.copyOf(interactions);
    }

    private static List<InteractionClassified> classify(List<InteractionReceived> interactions) {
        List<InteractionClassified> classified = new ArrayList<>();
        for (int i = 0; i < interactions.size(); i++) {
            InteractionReceived interaction = interactions.get(i);
            String intent = INTENTS.get(i % INTENTS.size());
            double confidence = 0.3 + (i * 0.13) % 0.7;
            double novelty = (i * 0.29) % 1.0;
            boolean novel = novelty > 0.8;
            double value = (i * 0.37) % 1.0;
            List<ValueSignal> signals = value > 0.5
                    ? List.of(new ValueSignal("senior_title", "title", 0.3), new ValueSignal("volume", "seats", 0.4))
                    : List.of();
            classified.add(new InteractionClassified(intent, confidence, novelty, novel, value, signals,
                    confidence > 0.6, "support", i % 3 == 0, List.of("warm-up"),
                    List.of(new NearestExample(intent, "a sample of " + intent, 0.7)), "warm-up", "warm-up",
                    interaction, List.of(), new NoveltyDetail(novelty, 0.8, 0.05, Map.of("distance", novelty)),
                    null));
        }
        return List.copyOf(classified);
    }
}
