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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing"))
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeEndpoints.class)
class PolicyResourceTest {

    private static final String YAML = "text/yaml; charset=UTF-8";

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(OidcWiremockTestResource.getAccessToken("alice", Set.of(role)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"policy-admin", "reviewer", "compliance"})
    void showsTheActivePolicyWithItsRulesInOrder(String role) {
        as(role).when().get("/policy")
                .then().statusCode(200)
                .body("version", is(Policies.SHIPPED_VERSION))
                .body("highValueMin", is(0.5f))
                .body("discardIntents", contains("spam"))
                .body("defaultTeam", is("support"))
                .body("sla.P1", is("PT1H"))
                .body("sla.P3", is("PT24H"))
                .body("rules.id", contains("discard-spam", "non-commercial", "agent-read-the-language",
                        "risk-in-public", "private-approach", "small-sender-worry", "risk", "legal-threat",
                        "data-loss", "security-threat", "agent-blind-spot-value", "agent-blind-spot-novel",
                        "agent-sure-and-wrong-about-senior", "high-value", "key-account", "stated-scale",
                        "senior-contact", "bulk-mail", "public-authority", "like-past-exceptions", "agent-routine",
                        "default"))
                .body("rules[20].rule", is("not novel and value < 0.50 → AGENT"))
                .body("document", containsString("version: " + Policies.SHIPPED_VERSION));
    }

    @Test
    void listsTheStoredVersionsWithTheActiveOneFirst() {
        as("compliance").when().get("/policy/versions")
                .then().statusCode(200)
                .body("[0].version", is(Policies.SHIPPED_VERSION))
                .body("[0].activatedAt", notNullValue());
        as("reviewer").when().get("/policy/versions/" + Policies.SHIPPED_VERSION)
                .then().statusCode(200)
                .body("version", is(Policies.SHIPPED_VERSION));
        as("reviewer").when().get("/policy/versions/never-stored")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void validatesAGoodDocument() {
        as("policy-admin").contentType(YAML).body(Policies.shippedDefaultAs("draft-1"))
                .when().post("/policy/validate")
                .then().statusCode(200)
                .body("valid", is(true))
                .body("version", is("draft-1"));
    }

    @Test
    void returnsEveryProblemOfABadDocumentWithItsLine() {
        String bad = Policies.withRules("draft-2", """
                  - id: agent-all
                    when: {agentMayHandle: true}
                    then: AGENT
                  - id: default
                    default: true
                    then: DISCARD
                    reason: nobody
                """);
        as("policy-admin").contentType(YAML).body(bad)
                .when().post("/policy/validate")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", containsString("invalid-policy"))
                .body("problems", hasSize(3))
                .body("problems.line", contains(12, 12, 15))
                .body("problems[0].message", is("rule 'agent-all' could leave a novel interaction: add "
                        + "`novel: false` to its `when`"))
                .body("problems[2].message", containsString("make it ESCALATE or REROUTE"))
                .body("violations.field", hasItem("rules[1].then"));
    }

    @Test
    void refusesToActivateABadDocumentAndKeepsTheActiveOne() {
        as("policy-admin").contentType(YAML).body("version: x\nrules: []\n")
                .when().put("/policy")
                .then().statusCode(400)
                .contentType("application/problem+json");
        as("reviewer").when().get("/policy").then().body("version", is(Policies.SHIPPED_VERSION));
    }

    @Test
    void refusesAnotherDocumentUnderAStoredVersion() {
        as("policy-admin").contentType(YAML).body(Policies.shippedDefaultDocument().replace("PT24H", "PT48H"))
                .when().put("/policy")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("give this document a new version"));
    }

    @Test
    void activatesAndRollsBackWithoutRestart() {
        String version = "trial-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            as("policy-admin").contentType(YAML).body(Policies.shippedDefaultAs(version))
                    .when().put("/policy")
                    .then().statusCode(200)
                    .body("activation", is("NEW_VERSION"));
            as("reviewer").when().get("/policy").then().body("version", is(version));
            as("reviewer").when().get("/policy/versions").then().body("[0].version", is(version));
        } finally {
            as("policy-admin").contentType(YAML).body(Policies.shippedDefaultDocument())
                    .when().put("/policy")
                    .then().statusCode(200)
                    .body("activation", is("REACTIVATED"));
        }
        as("reviewer").when().get("/policy").then().body("version", is(Policies.SHIPPED_VERSION));
    }

    @Test
    void letsOnlyPolicyAdminsChangeOrValidatePolicies() {
        as("reviewer").contentType(YAML).body(Policies.shippedDefaultAs("by-reviewer"))
                .when().put("/policy").then().statusCode(403);
        as("compliance").contentType(YAML).body(Policies.shippedDefaultAs("by-compliance"))
                .when().post("/policy/validate").then().statusCode(403);
        given().contentType(YAML).body(Policies.shippedDefaultAs("anonymous"))
                .when().put("/policy").then().statusCode(401);
    }

    @Test
    void refusesARoleThatDoesNotReadPolicies() {
        as("intake").when().get("/policy").then().statusCode(403);
        as("intake").when().get("/policy/versions").then().statusCode(403);
    }

    @Test
    void refusesACallerWithoutAToken() {
        given().when().get("/policy").then().statusCode(401);
        given().when().get("/policy/versions").then().statusCode(401);
    }
}
