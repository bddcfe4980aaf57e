package dev.exceptionledger.review;

import dev.exceptionledger.contracts.AuditRunCompleted;
import dev.exceptionledger.contracts.AuditSampleDrawn;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.exceptionledger.review.ReviewStack.ASYNC;
import static dev.exceptionledger.review.ReviewStack.compliance;
import static dev.exceptionledger.review.ReviewStack.intake;
import static dev.exceptionledger.review.ReviewStack.kafka;
import static dev.exceptionledger.review.ReviewStack.reviewer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isIn;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class AuditSamplingTest {

    @Test
    void aRunSamplesEachStratumAndEveryNovelAgentHandledInteractionAndRecordsItAll() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String routine = "routine-" + tag;
        String spam = "spam-" + tag;
        String unknown = "unknown-" + tag;
        List<String> routineIds = interactions(20, routine, false, RoutingOutcome.AGENT_HANDLED, "IN_SCOPE");
        List<String> spamIds = interactions(3, spam, false, RoutingOutcome.DISCARDED, "SPAM");
        List<String> novelIds = interactions(2, unknown, true, RoutingOutcome.AGENT_HANDLED, "IN_SCOPE");
        // escalated ones are in the teams' queues already: never audit-sampled
        List<String> escalated = interactions(2, routine, false, RoutingOutcome.ESCALATED, "HIGH_VALUE");
        for (String id : concat(routineIds, spamIds, novelIds, escalated)) {
            Interactions.awaitKnown(id);
        }

        ConsumerTask<String, String> recorded = kafka().consumeStrings().fromTopics(Topics.REVIEWS_RECORDED);
        try {
            JsonPath run = given().auth().oauth2(reviewer()).post("/audit-runs").then().statusCode(201)
                    .extract().jsonPath();
            String runId = run.getString("id");
            Map<String, Map<String, Object>> strata = run.<Map<String, Object>>getList("strata").stream()
                    .collect(Collectors.toMap(s -> (String) s.get("stratum"), s -> s));
            // rate 0.05, rounded up: 1 of 20 and 1 of 3; both novel ones
            assertThat(strata.get("AGENT_HANDLED/" + routine + "/IN_SCOPE"),
                    is(Map.of("stratum", "AGENT_HANDLED/" + routine + "/IN_SCOPE", "population", 20, "picked", 1)));
            assertThat(strata.get("DISCARDED/" + spam + "/SPAM").get("picked"), is(1));
            assertThat(strata.get("AGENT_HANDLED/" + unknown + "/IN_SCOPE").get("picked"), is(2));
            assertThat(strata.keySet().stream().filter(k -> k.contains(tag)).toList(), hasSize(3));
            assertThat(run.getDouble("rate"), is(0.05));
            assertThat(run.getString("trigger"), is("manual"));

            List<Map<String, Object>> ours = new ArrayList<>();
            for (String intent : List.of(routine, spam, unknown)) {
                ours.addAll(given().auth().oauth2(reviewer()).queryParam("team", "audit").queryParam("intent", intent)
                        .queryParam("source", "audit").get("/reviews").then().statusCode(200)
                        .extract().jsonPath().<Map<String, Object>>getList("items"));
            }
            assertThat(ours, hasSize(4));
            List<String> picked = ours.stream().map(i -> (String) i.get("interactionId")).toList();
            assertThat(picked, hasItems(novelIds.toArray(String[]::new)));
            assertThat(picked, everyItem(isIn(concat(routineIds, spamIds, novelIds))));

            List<EventEnvelope> drawn = await().atMost(ASYNC).until(() -> events(recorded, AuditSampleDrawn.TYPE)
                    .stream().filter(e -> runId.equals(e.payloadAs(AuditSampleDrawn.class).runId()))
                    .filter(e -> picked.contains(e.interactionId())).toList(), l -> l.size() == 4);
            assertThat(drawn.stream().filter(e -> "NOVEL".equals(e.payloadAs(AuditSampleDrawn.class).why()))
                    .map(EventEnvelope::interactionId).toList(), containsInAnyOrder(novelIds.toArray()));
            EventEnvelope completed = await().atMost(ASYNC).until(() -> events(recorded, AuditRunCompleted.TYPE)
                    .stream().filter(e -> e.interactionId().equals("audit-run-" + runId)).findFirst(),
                    java.util.Optional::isPresent).get();
            AuditRunCompleted payload = completed.payloadAs(AuditRunCompleted.class);
            assertThat(payload.picked(), is(run.getInt("picked")));
            assertThat(payload.seed(), is(run.getLong("seed")));
            assertThat(payload.population() >= 25, is(true));

            // the next run starts where this one ended: nothing of ours again
            JsonPath next = given().auth().oauth2(reviewer()).post("/audit-runs").then().statusCode(201)
                    .extract().jsonPath();
            assertThat(next.getString("windowFrom"), is(run.getString("windowTo")));
            assertThat(next.<Map<String, Object>>getList("strata").stream()
                    .filter(s -> ((String) s.get("stratum")).contains(tag)).toList(), hasSize(0));
            given().auth().oauth2(compliance()).get("/audit-runs/{id}", runId).then().statusCode(200)
                    .body("picked", is(run.getInt("picked")));
            given().auth().oauth2(compliance()).get("/audit-runs").then().statusCode(200)
                    .body("items.id", hasItem(next.getString("id")));
        } finally {
            recorded.stop();
        }
    }

    @Test
    void startingARunNeedsTheReviewerRoleAndReadingRunsReviewerOrCompliance() {
        given().post("/audit-runs").then().statusCode(401);
        given().auth().oauth2(compliance()).post("/audit-runs").then().statusCode(403);
        given().get("/audit-runs").then().statusCode(401);
        given().auth().oauth2(intake()).get("/audit-runs").then().statusCode(403);
        given().auth().oauth2(reviewer()).get("/audit-runs").then().statusCode(200);
        given().auth().oauth2(reviewer()).get("/audit-runs/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static List<String> interactions(int count, String intent, boolean novel, RoutingOutcome outcome,
                                             String reason) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "int-" + UUID.randomUUID();
            EventEnvelope classified = Interactions.classified(id, intent, novel, null);
            Interactions.publish(classified, Interactions.routed(classified, outcome, reason));
            ids.add(id);
        }
        return ids;
    }

    private static List<EventEnvelope> events(ConsumerTask<String, String> task, String type) {
        return ReviewStack.envelopes(task)
                .filter(e -> type.equals(e.type())).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return all;
    }

}
