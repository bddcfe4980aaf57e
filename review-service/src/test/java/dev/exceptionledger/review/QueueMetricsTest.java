package dev.exceptionledger.review;

import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.devstack.Metrics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.exceptionledger.review.ReviewStack.ASYNC;
import static dev.exceptionledger.review.ReviewStack.reviewer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The review queues' gauges per team and the verdicts by kind, as the management port's /q/metrics shows them. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class QueueMetricsTest {

    @TestHTTPResource(value = "metrics", management = true) // under the management root, /q
    URL metrics;

    @Test
    void openItemsAndSlaBreachesPerTeamAndVerdictsByKind() {
        String team = Handoffs.randomTeam();
        String overdue = "int-" + UUID.randomUUID();
        ReviewStack.send(Handoffs.envelope(overdue, Handoffs.handoff(team, "escalate-novel-high-value",
                Instant.now().minus(Duration.ofMinutes(5)))));
        ReviewStack.send(Handoffs.envelope("int-" + UUID.randomUUID(), Handoffs.handoff(team,
                "escalate-novel-high-value", Instant.now().plus(Duration.ofHours(4)))));
        List<Map<String, Object>> items = ReviewStack.awaitQueue(team, "open", 2);

        awaitGauges(team, 2, 1);

        String overdueItem = items.stream().filter(item -> overdue.equals(item.get("interactionId")))
                .map(item -> (String) item.get("id")).findFirst().orElseThrow();
        double confirmedBefore = scrape().value("exledger_verdicts_total", "kind", "CONFIRMED");
        given().auth().oauth2(reviewer()).contentType("application/json")
                .body(Map.of("verdict", "CONFIRMED", "note", "right call"))
                .post("/reviews/{id}/verdict", overdueItem).then().statusCode(201);
        assertEquals(confirmedBefore + 1, scrape().value("exledger_verdicts_total", "kind", "CONFIRMED"));

        awaitGauges(team, 1, 0);
    }

    private void awaitGauges(String team, double open, double breaches) {
        await().atMost(ASYNC).untilAsserted(() -> {
            Metrics now = scrape();
            assertEquals(open, now.value("exledger_review_items_open", "team", team, "source", "HANDOFF"));
            assertEquals(breaches, now.value("exledger_review_sla_breaches", "team", team, "source", "HANDOFF"));
        });
    }

    private Metrics scrape() {
        return Metrics.scrape(metrics.toString());
    }
}
