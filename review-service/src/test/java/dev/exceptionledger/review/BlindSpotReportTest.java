package dev.exceptionledger.review;

import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.exceptionledger.review.ReviewStack.compliance;
import static dev.exceptionledger.review.ReviewStack.intake;
import static dev.exceptionledger.review.ReviewStack.reviewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class BlindSpotReportTest {

    @Test
    void ratesByIntentWithCountsExamplesAndValuesTheMostOftenWrongFirst() {
        String from = Instant.now().minusSeconds(1).toString();
        String blind = "blind-" + UUID.randomUUID();
        String fine = "fine-" + UUID.randomUUID();
        String overturned = item(blind);
        String missed = item(blind);
        String confirmed = item(blind);
        String alsoConfirmed = item(fine);
        verdict(overturned, Map.of("verdict", "OVERTURNED", "note", "pricing, not integration",
                "correctIntent", "pricing"));
        verdict(missed, Map.of("verdict", "MISSED_OPPORTUNITY", "note", "a deal", "estimatedValue", 1000));
        verdict(confirmed, Map.of("verdict", "CONFIRMED", "note", "right"));
        verdict(alsoConfirmed, Map.of("verdict", "CONFIRMED", "note", "right"));
        String missedInteraction = given().auth().oauth2(reviewer()).get("/reviews/{id}", missed).then()
                .extract().path("interactionId");
        given().auth().oauth2(intake()).contentType("application/json")
                .body(Map.of("interactionId", missedInteraction, "outcome", "WON", "value", 5000))
                .post("/outcomes").then().statusCode(202);

        JsonPath report = given().auth().oauth2(compliance()).queryParam("from", from)
                .get("/reviews/blind-spots").then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
        List<Map<String, Object>> clusters = report.getList("clusters");
        int blindAt = indexOf(clusters, "intent", blind);
        int fineAt = indexOf(clusters, "intent", fine);
        assertThat(blindAt, lessThan(fineAt));
        Map<String, Object> cluster = clusters.get(blindAt);
        assertThat(cluster.get("reviewed"), is(3));
        assertThat(cluster.get("confirmed"), is(1));
        assertThat(cluster.get("overturned"), is(1));
        assertThat(cluster.get("missedOpportunity"), is(1));
        assertThat(cluster.get("wrongRate"), is(0.6667f));
        assertThat(cluster.get("overturnRate"), is(0.3333f));
        assertThat(cluster.get("estimatedMissed"), is(1000.0f));
        assertThat(cluster.get("wonValue"), is(5000.0f));
        List<Map<String, Object>> examples = report.getList("clusters[" + blindAt + "].examples");
        assertThat(examples, hasSize(3));
        assertThat(examples.get(2).get("verdict"), is("CONFIRMED"));
        assertThat((String) examples.get(0).get("preview"), startsWith("ERP integration"));
        assertThat(clusters.get(fineAt).get("wrongRate"), is(0.0f));
        // every dimension is there
        for (String dimension : List.of("intent", "channel", "routingOutcome", "agentAction", "noveltyBand")) {
            assertThat(clusters.stream().map(c -> c.get("dimension")).toList(), hasItem(dimension));
        }
        List<Integer> wrong = clusters.stream()
                .map(c -> (Integer) c.get("reviewed") - (Integer) c.get("confirmed")).toList();
        for (int i = 1; i < wrong.size(); i++) {
            assertThat(wrong.get(i) <= wrong.get(i - 1), is(true));
        }

        String csv = given().auth().oauth2(reviewer()).accept("text/csv").queryParam("from", from)
                .get("/reviews/blind-spots").then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asString();
        assertThat(csv, startsWith("dimension,value,reviewed,confirmed,overturned,wrongTeam,missedOpportunity,"));
        assertThat(csv, containsString("\nintent," + blind + ",3,1,1,0,1,0,0.6667,0.3333,0.3333,1000.0,5000.0,"));
        given().auth().oauth2(reviewer()).queryParam("from", from).queryParam("format", "csv")
                .get("/reviews/blind-spots").then().statusCode(200).contentType(containsString("text/csv"));
    }

    @Test
    void aBadPeriodIs400NamingTheParameter() {
        given().auth().oauth2(reviewer()).queryParam("from", "yesterday").get("/reviews/blind-spots").then()
                .statusCode(400).body("violations.field", hasItem("from"));
        given().auth().oauth2(reviewer()).queryParam("from", "2026-02-01T00:00:00Z")
                .queryParam("to", "2026-01-01T00:00:00Z").get("/reviews/blind-spots").then()
                .statusCode(400).body("violations.field", hasItem("from"));
        given().auth().oauth2(reviewer()).queryParam("format", "xml").get("/reviews/blind-spots").then()
                .statusCode(400).body("violations.field", hasItem("format"));
    }

    @Test
    void theReportNeedsTheReviewerOrComplianceRole() {
        given().get("/reviews/blind-spots").then().statusCode(401);
        given().auth().oauth2(intake()).get("/reviews/blind-spots").then().statusCode(403);
        given().auth().oauth2(reviewer()).get("/reviews/blind-spots").then().statusCode(200);
        given().auth().oauth2(compliance()).get("/reviews/blind-spots").then().statusCode(200);
    }

    private static String item(String intent) {
        String team = Handoffs.randomTeam();
        ReviewStack.send(Handoffs.envelope("int-" + UUID.randomUUID(),
                Handoffs.handoff(team, "r", Instant.now().plus(Duration.ofHours(1)), intent)));
        return (String) ReviewStack.awaitQueue(team, "open", 1).get(0).get("id");
    }

    private static void verdict(String id, Map<String, Object> body) {
        given().auth().oauth2(reviewer()).contentType("application/json").body(body)
                .post("/reviews/{id}/verdict", id).then().statusCode(201);
    }

    private static int indexOf(List<Map<String, Object>> clusters, String dimension, String value) {
        for (int i = 0; i < clusters.size(); i++) {
            if (dimension.equals(clusters.get(i).get("dimension")) && value.equals(clusters.get(i).get("value"))) {
                return i;
            }
        }
        throw new AssertionError("no cluster " + dimension + "=" + value + " in " + clusters);
    }
}
