package dev.exceptionledger.routing.rest;

import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class PolicyResourceTest {

    @ParameterizedTest
    @ValueSource(strings = {"policy-admin", "reviewer", "compliance"})
    void showsTheActivePolicyWithItsRulesInOrder(String role) {
        given().auth().oauth2(OidcWiremockTestResource.getAccessToken("alice", Set.of(role)))
                .when().get("/policy")
                .then().statusCode(200)
                .body("version", is("thresholds-1"))
                .body("thresholds.agentMinConfidence", is(0.7f))
                .body("thresholds.highValueMin", is(0.5f))
                .body("discardIntents", contains("spam"))
                .body("blindSpotActions", contains("answered", "closed", "deflected"))
                .body("defaultTeam", is("support"))
                .body("sla.P1", is("PT1H"))
                .body("sla.P3", is("PT24H"))
                .body("rules.id", contains("discard-spam", "agent-blind-spot", "high-value", "novel",
                        "agent-routine", "low-confidence", "default"))
                .body("rules[4].description", containsString("confidence ≥ 0.70"));
    }

    @Test
    void refusesARoleThatDoesNotReadPolicies() {
        given().auth().oauth2(OidcWiremockTestResource.getAccessToken("machine", Set.of("intake")))
                .when().get("/policy")
                .then().statusCode(403);
    }

    @Test
    void refusesACallerWithoutAToken() {
        given().when().get("/policy").then().statusCode(401);
    }
}
