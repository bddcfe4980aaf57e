package dev.exceptionledger.ledger;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.OutcomeReported;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.exceptionledger.ledger.Journeys.PATIENCE;
import static dev.exceptionledger.ledger.Journeys.awaitTimeline;
import static dev.exceptionledger.ledger.Journeys.envelope;
import static dev.exceptionledger.ledger.Journeys.funnel;
import static dev.exceptionledger.ledger.Journeys.futureHour;
import static dev.exceptionledger.ledger.Journeys.newInteractionId;
import static dev.exceptionledger.ledger.Journeys.publish;
import static dev.exceptionledger.ledger.Journeys.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** The complete funnel: outcomes, reroutes, verdict values, filters, CSV and stalled interactions. */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
@QuarkusTestResource(OidcWiremockTestResource.class)
class LedgerFunnelTest {

    private static KafkaCompanion kafka;

    @BeforeAll
    static void connect() {
        kafka = Journeys.companion();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void countsEveryStageFromReceivedToOutcomeAndTheLatestRoutingDecision() {
        Instant hour = futureHour();
        Instant to = hour.plus(1, ChronoUnit.HOURS);
        // won: escalated, confirmed, won 12,000
        String won = journey(hour, "web", RoutingOutcome.ESCALATED, "sales");
        publish(kafka, Topics.REVIEWS_RECORDED, envelope(ReviewRecorded.TYPE, won, hour.plusSeconds(20), null,
                review(Verdict.CONFIRMED, null)));
        publish(kafka, Topics.OUTCOMES_REPORTED, envelope(OutcomeReported.TYPE, won, hour.plusSeconds(30), null,
                new OutcomeReported("WON", 12_000.0, "EUR", "crm-1", "crm", null, null)));
        // the agent handled it, a reviewer found a missed opportunity worth 5,000
        String missed = journey(hour, "web", RoutingOutcome.AGENT_HANDLED, null);
        publish(kafka, Topics.REVIEWS_RECORDED, envelope(ReviewRecorded.TYPE, missed, hour.plusSeconds(20), null,
                review(Verdict.MISSED_OPPORTUNITY, 5_000.0)));
        // escalated to the wrong team, then rerouted: the reroute is the routing outcome that counts
        String rerouted = journey(hour, "chat", RoutingOutcome.ESCALATED, "support");
        publish(kafka, Topics.REVIEWS_RECORDED, envelope(ReviewRecorded.TYPE, rerouted, hour.plusSeconds(20), null,
                review(Verdict.WRONG_TEAM, null)));
        publish(kafka, Topics.INTERACTIONS_ROUTED, envelope(InteractionRouted.TYPE, rerouted, hour.plusSeconds(21), null,
                new InteractionRouted(RoutingOutcome.REROUTED, "sales", "support", null, null, "WRONG_TEAM", null,
                        "p-1", "reviewer moved it")));
        // rejected at intake: in the denominator only
        publish(kafka, Topics.INTERACTIONS_REJECTED, envelope(InteractionRejected.TYPE, newInteractionId(), hour, null,
                new InteractionRejected("invalid-json", "bad", List.of(), "web", null, 3, null)));

        await().atMost(PATIENCE).untilAsserted(() -> funnel(hour, to)
                .body("received", is(4))
                .body("rejected", is(1))
                .body("accepted", is(3))
                .body("classified", is(3))
                .body("routed.ESCALATED", is(1))
                .body("routed.AGENT_HANDLED", is(1))
                .body("routed.REROUTED", is(1))
                .body("pending.notYetRouted", is(0))
                .body("reviewed.CONFIRMED", is(1))
                .body("reviewed.MISSED_OPPORTUNITY", is(1))
                .body("reviewed.WRONG_TEAM", is(1))
                .body("missedOpportunityValue", is(5000.0f))
                .body("outcomes.WON.count", is(1))
                .body("outcomes.WON.value", is(12000.0f))
                .body("outcomes.LOST.count", is(0))
                .body("stalled.total", is(0)));

        // filters: channel, team (the latest), intent
        given().auth().oauth2(token("reviewer")).queryParams(Map.of("from", hour.toString(), "to", to.toString(),
                        "channel", "chat")).get("/ledger/funnel")
                .then().statusCode(200).body("received", is(1)).body("routed.REROUTED", is(1));
        given().auth().oauth2(token("reviewer")).queryParams(Map.of("from", hour.toString(), "to", to.toString(),
                        "team", "sales")).get("/ledger/funnel")
                .then().statusCode(200).body("received", is(2)).body("outcomes.WON.count", is(1));
        given().auth().oauth2(token("reviewer")).queryParams(Map.of("from", hour.toString(), "to", to.toString(),
                        "intent", "pricing")).get("/ledger/funnel")
                .then().statusCode(200).body("received", is(3)).body("rejected", is(0));

        given().auth().oauth2(token("compliance")).accept("text/csv")
                .queryParams(Map.of("from", hour.toString(), "to", to.toString())).get("/ledger/funnel")
                .then().statusCode(200).contentType(containsString("text/csv"))
                .body(containsString("stage,count,value\nreceived,4,\nrejected,1,\n"))
                .body(containsString("\nrouted.REROUTED,1,\n"))
                .body(containsString("\nreviewed.MISSED_OPPORTUNITY,1,5000.0\n"))
                .body(containsString("\noutcome.WON,1,12000.0\n"));
    }

    @Test
    void countsInteractionsPerAgentActionAndTheActionsNobodyMapped() {
        Instant hour = futureHour();
        Instant to = hour.plus(1, ChronoUnit.HOURS);
        // as intake maps them now, and the raw action of events recorded before it did
        for (AgentDecision decision : List.of(new AgentDecision("x", null, "wrapped_up", "closed"),
                new AgentDecision("x", 0.4, "resolved"), new AgentDecision("x", null, "parked", "other"),
                new AgentDecision("x", 0.7, "snoozy"), new AgentDecision("x", null, null, "none"),
                new AgentDecision("x", null, "ignored", "ignored"))) {
            publish(kafka, Topics.INTERACTIONS_RECEIVED, envelope(InteractionReceived.TYPE, newInteractionId(),
                    hour.plusSeconds(1), null, new InteractionReceived("chat", null, "Any news?", null, null,
                            decision, null, null, null)));
        }
        // no agent saw it, or intake refused it: not counted per action
        publish(kafka, Topics.INTERACTIONS_RECEIVED, envelope(InteractionReceived.TYPE, newInteractionId(),
                hour.plusSeconds(1), null, Map.of("channel", "chat", "text", "?")));
        publish(kafka, Topics.INTERACTIONS_REJECTED, envelope(InteractionRejected.TYPE, newInteractionId(), hour, null,
                new InteractionRejected("validation-failed", "bad", List.of(), "chat", null, 3, null)));

        await().atMost(PATIENCE).untilAsserted(() -> funnel(hour, to)
                .body("received", is(8))
                .body("accepted", is(7))
                .body("agentActions.closed", is(2))
                .body("agentActions.other", is(2))
                .body("agentActions.none", is(1))
                .body("agentActions.ignored", is(1))
                .body("agentActions.answered", is(0))
                .body("agentActions.escalated", is(0))
                .body("agentActions.deflected", is(0)));
        given().auth().oauth2(token("compliance")).accept("text/csv")
                .queryParams(Map.of("from", hour.toString(), "to", to.toString())).get("/ledger/funnel")
                .then().statusCode(200)
                .body(containsString("\nagentAction.closed,2,\n"))
                .body(containsString("\nagentAction.other,2,\n"));
    }

    @Test
    void recordsAStalledInteractionAndItsLateCompletion() {
        Instant hour = Journeys.pastHour();
        String id = newInteractionId();
        EventEnvelope received = envelope(InteractionReceived.TYPE, id, hour, null, Map.of("channel", "web", "text", "?"));
        publish(kafka, Topics.INTERACTIONS_RECEIVED, received);

        String stalled = "it.type == 'InteractionStalled'";
        awaitTimeline(id, stalled, 1)
                .body(Journeys.events(stalled) + "[0].payload.receivedAt", is(hour.toString()))
                .body(Journeys.events(stalled) + "[0].producer", containsString("ledger-service"));
        Instant to = hour.plus(1, ChronoUnit.HOURS);
        await().atMost(PATIENCE).untilAsserted(() -> funnel(hour, to)
                .body("stalled.total", is(1)).body("stalled.stillOpen", is(1)).body("pending.notYetClassified", is(1)));

        publish(kafka, Topics.INTERACTIONS_ROUTED, envelope(InteractionRouted.TYPE, id, Instant.now(), received,
                new InteractionRouted(RoutingOutcome.ESCALATED, "support", null, null, null, "late", "r", "p", "x")));
        String completed = "it.type == 'StalledInteractionCompleted'";
        awaitTimeline(id, completed, 1).body(Journeys.events(completed) + "[0].payload.outcome", is("ESCALATED"));
        await().atMost(PATIENCE).untilAsserted(() -> funnel(hour, to)
                .body("stalled.total", is(1)).body("stalled.stillOpen", is(0)).body("stalled.completedLate", is(1))
                .body("routed.ESCALATED", is(1)));
    }

    /** One run of a sender's traffic, such as the local demo's, counted by the prefix its externalIds share. */
    @Test
    void countsOneRunByThePrefixItsExternalIdsShare() {
        String unique = UUID.randomUUID().toString();
        String run = "demo_" + unique + "-";
        String first = newInteractionId();
        String second = newInteractionId();
        publish(kafka, Topics.INTERACTIONS_RECEIVED, envelope(InteractionReceived.TYPE, first, Instant.now(), null,
                Map.of("channel", "chat", "text", "a", "externalId", run + "001")));
        publish(kafka, Topics.INTERACTIONS_ROUTED, envelope(InteractionRouted.TYPE, first, Instant.now(), null,
                new InteractionRouted(RoutingOutcome.AGENT_HANDLED, null, null, null, null, "r", "r-1", "p-1", "x")));
        publish(kafka, Topics.INTERACTIONS_RECEIVED, envelope(InteractionReceived.TYPE, second, Instant.now(), null,
                Map.of("channel", "email", "text", "b", "externalId", run + "002")));
        publish(kafka, Topics.INTERACTIONS_REJECTED, envelope(InteractionRejected.TYPE, newInteractionId(),
                Instant.now(), null, new InteractionRejected("validation-failed", "bad", List.of(), "fax",
                        run + "003", 3, null)));
        // not of the run: '_' in the prefix is taken literally, not as LIKE's any-one-character
        publish(kafka, Topics.INTERACTIONS_RECEIVED, envelope(InteractionReceived.TYPE, newInteractionId(), Instant.now(), null,
                Map.of("channel", "chat", "text", "c", "externalId", "demoX" + unique + "-001")));

        await().atMost(PATIENCE).untilAsserted(() -> given().auth().oauth2(token("reviewer"))
                .queryParam("externalIdPrefix", run).get("/ledger/funnel").then().statusCode(200)
                .body("received", is(3))
                .body("accepted", is(2))
                .body("rejected", is(1))
                .body("routed.AGENT_HANDLED", is(1)));
        await().atMost(PATIENCE).untilAsserted(() -> given().auth().oauth2(token("reviewer"))
                .queryParam("externalIdPrefix", "demoX" + unique).get("/ledger/funnel").then().statusCode(200)
                .body("received", is(1)));
    }

    /** Received, classified (intent pricing) and routed, each caused by the one before. */
    /**
     * Imported history counts at its original time and apart from live traffic: an interaction that happened in a
     * private hour but was imported now is in that hour's funnel, as imported; live traffic of the hour is live.
     */
    @Test
    void separatesImportedHistoryFromLiveTrafficAtItsOriginalTime() {
        Instant hour = futureHour();
        Instant to = hour.plus(1, ChronoUnit.HOURS);
        journey(hour, "web", RoutingOutcome.AGENT_HANDLED, null);
        String imported = newInteractionId();
        String importId = "import-" + imported;
        // recorded now (envelope time), happened in the private hour (payload's occurredAt)
        publish(kafka, Topics.INTERACTIONS_RECEIVED, envelope(InteractionReceived.TYPE, imported, Instant.now(), null,
                Map.of("channel", "email", "text", "old", "occurredAt", hour.plusSeconds(5).toString(),
                        "importId", importId, "importLine", 7)));
        publish(kafka, Topics.INTERACTIONS_ROUTED, envelope(InteractionRouted.TYPE, imported, Instant.now(), null,
                new InteractionRouted(RoutingOutcome.ESCALATED, "sales", null, null, null, "r", "r-1", "p-1", "x")));
        publish(kafka, Topics.INTERACTIONS_REJECTED, envelope(InteractionRejected.TYPE, newInteractionId(), hour, null,
                new InteractionRejected("invalid-json", "bad", List.of(), null, null, 3, null, importId, 8L)));

        await().atMost(PATIENCE).untilAsserted(() -> funnel(hour, to, "imported")
                .body("received", is(2))
                .body("accepted", is(1))
                .body("rejected", is(1))
                .body("routed.ESCALATED", is(1))
                .body("routed.AGENT_HANDLED", is(0)));
        funnel(hour, to, "live").body("received", is(1)).body("routed.AGENT_HANDLED", is(1))
                .body("routed.ESCALATED", is(0));
        funnel(hour, to, "all").body("received", is(3));
        funnel(hour, to).body("received", is(3));
        given().auth().oauth2(token("reviewer")).queryParam("traffic", "history").get("/ledger/funnel")
                .then().statusCode(400).body("detail", containsString("live, imported or all"));
    }

    private static String journey(Instant hour, String channel, RoutingOutcome outcome, String team) {
        String id = newInteractionId();
        EventEnvelope received = envelope(InteractionReceived.TYPE, id, hour.plusSeconds(1), null,
                Map.of("channel", channel, "text", "how much?"));
        EventEnvelope classified = envelope("InteractionClassified", id, hour.plusSeconds(2), received,
                Map.of("intent", "pricing", "confidence", 0.9));
        publish(kafka, Topics.INTERACTIONS_RECEIVED, received);
        publish(kafka, Topics.INTERACTIONS_CLASSIFIED, classified);
        publish(kafka, Topics.INTERACTIONS_ROUTED, envelope(InteractionRouted.TYPE, id, hour.plusSeconds(3), classified,
                new InteractionRouted(outcome, team, null, null, null, "r", "r-1", "p-1", "x")));
        return id;
    }

    private static ReviewRecorded review(Verdict verdict, Double value) {
        return new ReviewRecorded("rev-" + verdict, verdict, "bob", null, null, null, null, value, null, null);
    }
}
