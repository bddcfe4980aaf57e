package dev.exceptionledger.routing.rest;

import dev.exceptionledger.routing.Policies;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.routing.Classifications;
import dev.exceptionledger.routing.FakeEndpoints;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeEndpoints.class)
class DecisionResourceTest {

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(OidcWiremockTestResource.getAccessToken("alice", Set.of(role)))
                .contentType("application/json");
    }

    @Test
    void tellsAReviewerThatTheSeedCfoCaseWouldBeEscalatedAsABlindSpot() {
        as("reviewer").body(Json.write(Classifications.cfo()))
                .when().post("/routing/decisions")
                .then().statusCode(200)
                .body("outcome", is("ESCALATED"))
                .body("ruleId", is("agent-blind-spot-value"))
                .body("policyVersion", is(Policies.SHIPPED_VERSION))
                .body("team", is("sales"))
                .body("priority", is("P1"))
                .body("slaDeadline", notNullValue())
                .body("reasonCodes", contains("AGENT_BLIND_SPOT", "HIGH_VALUE"))
                .body("explanation", containsString("agentAction closed ∈ [closed, deflected, answered, ignored], value 0.80 ≥ 0.50"));
    }

    @Test
    void tellsAPolicyAdminThatARoutineCaseWouldStayWithTheAgent() {
        as("policy-admin").body(Json.write(Classifications.routine().build()))
                .when().post("/routing/decisions")
                .then().statusCode(200)
                .body("outcome", is("AGENT_HANDLED"))
                .body("ruleId", is("agent-routine"))
                .body("team", nullValue());
    }

    @Test
    void refusesAClassificationWithoutIntentAsAProblem() {
        as("reviewer").body(Json.write(Classifications.routine().intent(null, 0.9).build()))
                .when().post("/routing/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", containsString("invalid-classification"))
                .body("violations.field", hasItem("intent"));
    }

    @Test
    void refusesABodyThatIsNotJsonAsAProblem() {
        as("reviewer").body("{\"intent\": ")
                .when().post("/routing/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void refusesARoleThatMayOnlyReadPolicies() {
        as("compliance").body(Json.write(Classifications.cfo()))
                .when().post("/routing/decisions")
                .then().statusCode(403);
    }

    @Test
    void refusesACallerWithoutAToken() {
        given().contentType("application/json").body(Json.write(Classifications.cfo()))
                .when().post("/routing/decisions")
                .then().statusCode(401);
    }
}
