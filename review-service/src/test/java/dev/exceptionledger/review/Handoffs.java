package dev.exceptionledger.review;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.ConversationTurn;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.NearestExample;
import dev.exceptionledger.contracts.ValueSignal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** HandoffRequested envelopes like routing's: the seed's CFO case, for a team of the test's own. */
public final class Handoffs {
    private Handoffs() { }

    public static final String ERP_QUESTION =
            "Before we sign: does your platform integrate with our ERP (SAP S/4HANA)? We are 800 people.";

    public static String randomTeam() {
        return "team-" + UUID.randomUUID();
    }

    public static HandoffRequested handoff(String team, String ruleId, Instant slaDeadline) {
        return handoff(team, ruleId, slaDeadline, "integration-question");
    }

    /** The CFO's handoff, classified as {@code intent}. */
    public static HandoffRequested handoff(String team, String ruleId, Instant slaDeadline, String intent) {
        return handoff(team, ruleId, slaDeadline, intent, null);
    }

    /** The CFO's handoff from imported history (intake's POST /imports), as routing hands it off. */
    public static HandoffRequested importedHandoff(String team, String importId) {
        return handoff(team, "escalate-novel-high-value", Instant.now().plus(Duration.ofHours(4)),
                "integration-question", importId);
    }

    private static HandoffRequested handoff(String team, String ruleId, Instant slaDeadline, String intent,
                                            String importId) {
        InteractionReceived interaction = new InteractionReceived("web-form", "ERP integration",
                ERP_QUESTION,
                new Contact("Dana Whitfield", "dana@example.com", "CFO", "Northwind Manufacturing", 800),
                List.of(new ConversationTurn("customer", ERP_QUESTION, Instant.parse("2025-01-10T09:00:00Z")),
                        new ConversationTurn("agent", "Thanks, I filed it as a technical question.",
                                Instant.parse("2025-01-10T09:00:05Z"))),
                new AgentDecision("technical-question", 0.62, "closed"),
                "ext-" + UUID.randomUUID(), null, Instant.parse("2025-01-10T09:00:06Z"),
                importId == null ? null : Instant.parse("2025-01-10T09:00:00Z"), importId,
                importId == null ? null : 3L);
        InteractionClassified classification = new InteractionClassified(intent, 0.41, 0.83, true,
                0.9, List.of(new ValueSignal("SENIOR_ROLE", "title=CFO", 0.4)), false, "sales", true,
                List.of("far from every known example"),
                List.of(new NearestExample("integration-question", "Do you integrate with Salesforce?", 0.58)),
                "minilm-q@1", "b2b@1", interaction);
        return new HandoffRequested(team, "P1", slaDeadline, List.of("NOVEL", "HIGH_VALUE", "AGENT_BLIND_SPOT"),
                ruleId, "policy@7", "senior buyer asked off-form; the agent closed it", classification);
    }

    public static EventEnvelope envelope(String interactionId, HandoffRequested handoff) {
        return new EventEnvelope(UUID.randomUUID(), HandoffRequested.TYPE, EventEnvelope.SCHEMA_VERSION,
                interactionId, Instant.now(), "routing-service@test", interactionId, UUID.randomUUID().toString(),
                Json.tree(handoff), null);
    }

    public static EventEnvelope envelope(String team) {
        return envelope("int-" + UUID.randomUUID(), handoff(team, "escalate-novel-high-value",
                Instant.now().plus(Duration.ofHours(4))));
    }
}
