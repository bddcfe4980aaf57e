package dev.exceptionledger.classifier.rest;

import dev.exceptionledger.classifier.ShippedTaxonomy;
import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "classifier"))
@QuarkusTestResource(OidcWiremockTestResource.class)
class TaxonomyResourceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String token(String role) {
        return OidcWiremockTestResource.getAccessToken("bob", Set.of(role));
    }

    @Test
    void showsTheActiveTaxonomyToReviewersPolicyAdminsAndCompliance() {
        for (String role : new String[] {"reviewer", "policy-admin", "compliance"}) {
            given().auth().oauth2(token(role))
                    .when().get("/taxonomy")
                    .then().statusCode(200)
                    .body("version", is(ShippedTaxonomy.VERSION))
                    .body("intents.name", hasItems("account_access", "integration_question", "spam"))
                    .body("intents.exampleCount", everyItem(greaterThanOrEqualTo(10)))
                    .body("intents.find { it.name == 'account_access' }.agentMayHandle", is(true))
                    .body("intents.find { it.name == 'integration_question' }.team", is("solutions-engineering"))
                    .body("standardChannels", hasItems("web_form", "chat"))
                    .body("valueSignals.buyingSignals.phrases", hasItems("erp", "sso"));
        }
    }

    @Test
    void forbidsIntakeClientsAndRefusesAnonymousCallers() {
        given().auth().oauth2(token("intake")).when().get("/taxonomy").then().statusCode(403);
        given().when().get("/taxonomy").then().statusCode(401);
        given().auth().oauth2(token("reviewer")).contentType("application/json").body(shipped())
                .when().put("/taxonomy").then().statusCode(403);
        given().contentType("application/json").body(shipped()).when().put("/taxonomy").then().statusCode(401);
    }

    @Test
    void aNewVersionTakesEffectWithoutRestartAndTheOldOneCanComeBack() throws Exception {
        String version = "test-" + UUID.randomUUID();
        ObjectNode taxonomy = (ObjectNode) MAPPER.readTree(shipped());
        taxonomy.put("version", version);
        ObjectNode weather = ((ArrayNode) taxonomy.get("intents")).addObject();
        weather.put("name", "weather_question").put("team", "meteorology").put("agentMayHandle", true);
        weather.putArray("examples").add("will it rain tomorrow").add("what is the weather forecast")
                .add("how hot will it be this weekend").add("is a storm coming").add("do I need an umbrella today");
        try {
            given().auth().oauth2(token("policy-admin")).contentType("application/json").body(taxonomy.toString())
                    .when().put("/taxonomy")
                    .then().statusCode(200)
                    .body("version", is(version))
                    .body("intents.name", hasItems("weather_question"));

            given().auth().oauth2(token("intake")).contentType("application/json")
                    .body("{\"channel\":\"chat\",\"text\":\"Is it going to rain tomorrow? Should I take an umbrella?\"}")
                    .when().post("/classifications")
                    .then().statusCode(200)
                    .body("intent", is("weather_question"))
                    .body("taxonomyVersion", is(version));
            given().auth().oauth2(token("compliance")).when().get("/taxonomy/versions")
                    .then().statusCode(200)
                    .body("find { it.version == '" + version + "' }.active", is(true))
                    .body("find { it.version == '" + ShippedTaxonomy.VERSION + "' }.active", is(false));
        } finally {
            given().auth().oauth2(token("policy-admin")).contentType("application/json").body(shipped())
                    .when().put("/taxonomy")
                    .then().statusCode(200).body("version", is(ShippedTaxonomy.VERSION));
        }
        given().auth().oauth2(token("reviewer")).when().get("/taxonomy")
                .then().body("version", is(ShippedTaxonomy.VERSION));
    }

    @Test
    void refusesAnInvalidTaxonomyNamingEachProblemAsProblemJson() {
        String invalid = "{\"version\":\"bad-1\",\"valueSignals\":{},\"intents\":["
                + "{\"name\":\"a\",\"team\":\"t\",\"examples\":[\"1\",\"2\",\"3\",\"4\",\"5\"]},"
                + "{\"name\":\"a\",\"team\":\"t\",\"examples\":[\"1\",\"2\",\"3\",\"4\",\"5\"]},"
                + "{\"name\":\"b\",\"team\":\"t\",\"examples\":[\"only one\"]}]}";

        given().auth().oauth2(token("policy-admin")).contentType("application/json").body(invalid)
                .when().put("/taxonomy")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", contains("intents[1].name", "intents[2].examples"))
                .body("violations.message", contains("duplicate intent 'a'",
                        "intent 'b' has 1 distinct non-blank examples, needs at least 5"));
    }

    @Test
    void refusesUnknownFieldsAndEmptyIntentListsWithTheirPath() {
        given().auth().oauth2(token("policy-admin")).contentType("application/json")
                .body("{\"version\":\"bad-2\",\"valueSignals\":{},\"intents\":[{\"name\":\"a\",\"team\":\"t\",\"exmples\":[]}]}")
                .when().put("/taxonomy")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", is("intents[0].exmples"))
                .body("detail", is("unknown field 'exmples': did you mean 'examples'?"));
        given().auth().oauth2(token("policy-admin")).contentType("application/json")
                .body("{\"version\":\"bad-3\",\"valueSignals\":{},\"intents\":[]}")
                .when().put("/taxonomy")
                .then().statusCode(400)
                .body("violations[0].field", is("intents"))
                .body("violations[0].message", is("needs at least 2 intents, has 0"));
    }

    @Test
    void refusesOtherContentUnderAnExistingVersionName() throws Exception {
        ObjectNode changed = (ObjectNode) MAPPER.readTree(shipped());
        changed.put("description", "changed without a new version");

        given().auth().oauth2(token("policy-admin")).contentType("application/json").body(changed.toString())
                .when().put("/taxonomy")
                .then().statusCode(409)
                .body("violations[0].field", is("version"));
    }

    private static String shipped() {
        try (InputStream in = TaxonomyResourceTest.class.getResourceAsStream("/taxonomy/default.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
