package dev.exceptionledger.routing.rest;

import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.routing.FakeEndpoints;
import dev.exceptionledger.routing.Policies;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Against {@link FakeEndpoints}' ledger replay, which serves a recorded history of 80 classifications (one
 * undecidable) in the NDJSON shape of the ledger's replay; the counts themselves are checked against a direct
 * recount in BacktestTest.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeEndpoints.class)
class BacktestResourceTest {

    private static final String CANDIDATE = Policies.shippedDefaultDocument()
            .replaceFirst("(?m)^version: .*$", "version: enterprise-1")
            .replace("rules:\n", """
                    rules:
                      - id: enterprise
                        when: {companySize: {gte: 500}}
                        then: ESCALATE
                        team: enterprise-sales
                        priority: P1
                    """);

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(OidcWiremockTestResource.getAccessToken("alice", Set.of(role)))
                .contentType("application/json");
    }

    @Test
    void reportsHowACandidateWouldChangeTheOutcomesOfARangeOfHistory() {
        as("policy-admin").body(Map.of("policy", CANDIDATE, "from", "2025-01-15T00:00:00Z",
                        "to", "2025-01-16T00:00:00Z", "maxMoves", 3))
                .when().post("/policy/backtest")
                .then().statusCode(200)
                .body("activeVersion", is(Policies.SHIPPED_VERSION))
                .body("candidateVersion", is("enterprise-1"))
                .body("decided", is(79))
                .body("skipped", is(1))
                .body("moved", greaterThan(3))
                .body("moves", hasSize(3))
                .body("moves.to.team", everyItem(is("enterprise-sales")))
                .body("moves.decidedBy.companySize", everyItem(greaterThanOrEqualTo(500)))
                .body("skips", hasSize(1))
                .body("skips[0].interactionId", notNullValue())
                .body("skips[0].reason", startsWith("intent "))
                .body("moves.from.team", everyItem(not(is("enterprise-sales"))))
                .body("active.ESCALATED", greaterThan(0));
    }

    @Test
    void readsOnlyTheRequestedRange() {
        // events every 17 minutes from midnight: 00:00 .. 04:59 holds 18 of them, all decidable
        as("policy-admin").body(Map.of("policy", Policies.shippedDefaultAs("same-2"), "from", "2025-01-15T00:00:00Z",
                        "to", "2025-01-15T05:00:00Z"))
                .when().post("/policy/backtest")
                .then().statusCode(200)
                .body("decided", is(18))
                .body("moved", is(0))
                .body("moves", hasSize(0));
    }

    @Test
    void refusesAnInvalidCandidateWithItsProblems() {
        as("policy-admin").body(Map.of("policy", "version: v\n", "from", "2025-01-15T00:00:00Z",
                        "to", "2025-01-16T00:00:00Z"))
                .when().post("/policy/backtest")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("problems.message", org.hamcrest.Matchers.hasItem(containsString("rules are missing")));
        as("policy-admin").body(Map.of("policy", CANDIDATE, "from", "2025-01-16T00:00:00Z",
                        "to", "2025-01-15T00:00:00Z"))
                .when().post("/policy/backtest")
                .then().statusCode(400)
                .body("detail", is("from must be before to"));
    }

    @Test
    void letsOnlyPolicyAdminsBacktest() {
        as("reviewer").body(Map.of("policy", CANDIDATE, "from", "2025-01-15T00:00:00Z", "to", "2025-01-16T00:00:00Z"))
                .when().post("/policy/backtest").then().statusCode(403);
        given().contentType("application/json")
                .body(Map.of("policy", CANDIDATE, "from", "2025-01-15T00:00:00Z", "to", "2025-01-16T00:00:00Z"))
                .when().post("/policy/backtest").then().statusCode(401);
    }
}
