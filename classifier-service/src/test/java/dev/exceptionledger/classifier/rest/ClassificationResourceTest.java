package dev.exceptionledger.classifier.rest;

import dev.exceptionledger.classifier.ShippedTaxonomy;
import dev.exceptionledger.classifier.Interactions;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "classifier"))
@QuarkusTestResource(OidcWiremockTestResource.class)
class ClassificationResourceTest {

    private static String token(String role) {
        return OidcWiremockTestResource.getAccessToken("alice", Set.of(role));
    }

    @Test
    void scoresTheSeedCaseForAnIntakeClient() {
        given().auth().oauth2(token("intake"))
                .contentType(ContentType.JSON).body(Json.write(Interactions.cfoAskingAboutErp()))
                .when().post("/classifications")
                .then().statusCode(200)
                .body("intent", is("integration_question"))
                .body("team", is("solutions-engineering"))
                .body("agentMayHandle", is(false))
                .body("agentDisagrees", is(true))
                .body("valueScore", greaterThan(0.8f))
                .body("valueSignals.name", hasItems("SENIOR_ROLE", "LARGE_COMPANY", "BUYING_SIGNAL", "OFF_CHANNEL"))
                .body("valueSignals.evidence", hasItems("title=CFO", "companySize=800", "channel=email"))
                .body("reasons", hasItem("title 'CFO' is C-level"))
                .body("reasons", hasItem(startsWith("value score ")))
                // high value, and the agent closing something high-value, are the routing policy's judgement
                .body("flags", not(hasItem("HIGH_VALUE")))
                .body("shadow.agentLabel", is("product_how_to"))
                .body("shadow.agentAction", is("closed"))
                .body("shadow.ourIntent", is("integration_question"))
                .body("shadow.blindSpot", is(false))
                .body("noveltyDetail.flagRate", is(0.05f))
                .body("nearest", hasSize(3))
                .body("modelVersion", is("e5-small-v2-q@1.11.0-beta19"))
                .body("taxonomyVersion", is(ShippedTaxonomy.VERSION))
                .body("interaction.contact.title", is("CFO"));
    }

    @Test
    void reviewersAndPolicyAdminsMayTryItToo() {
        for (String role : new String[] {"reviewer", "policy-admin"}) {
            given().auth().oauth2(token(role))
                    .contentType(ContentType.JSON).body("{\"text\":\"How do I reset my password?\"}")
                    .when().post("/classifications")
                    .then().statusCode(200).body("intent", is("account_access")).body("novel", is(false));
        }
    }

    @Test
    void refusesAnInteractionWithoutTextAsAProblem() {
        given().auth().oauth2(token("intake"))
                .contentType(ContentType.JSON).body("{\"channel\":\"chat\",\"subject\":\"hello\"}")
                .when().post("/classifications")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("https://exceptionledger.dev/problems/validation-failed"))
                .body("violations.field", contains("text"));
    }

    @Test
    void refusesMalformedJsonAsAProblem() {
        given().auth().oauth2(token("intake"))
                .contentType(ContentType.JSON).body("{\"text\":")
                .when().post("/classifications")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void refusesUnknownFieldsWrongTypesAndUnknownChannelsNamingTheField() {
        given().auth().oauth2(token("intake"))
                .contentType(ContentType.JSON).body("{\"text\":\"hello\",\"bogus\":1}")
                .when().post("/classifications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", is("bogus"))
                .body("detail", startsWith("unknown field 'bogus': remove it (known fields here: agentDecision, "));
        given().auth().oauth2(token("intake"))
                .contentType(ContentType.JSON).body("{\"text\":[\"a\",\"b\"]}")
                .when().post("/classifications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", is("text"))
                .body("detail", is("text must be a string, e.g. \"text\", not an array"));
        given().auth().oauth2(token("intake"))
                .contentType(ContentType.JSON).body("{\"text\":\"hello\",\"channel\":\"fax\"}")
                .when().post("/classifications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", is("channel"))
                .body("violations[0].message", startsWith("channel must be one of web_form, email, chat, "));
    }

    @Test
    void forbidsComplianceAndRefusesAnonymousCallers() {
        String body = "{\"text\":\"How do I reset my password?\"}";
        given().auth().oauth2(token("compliance")).contentType(ContentType.JSON).body(body)
                .when().post("/classifications").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", is("this operation admits role intake or reviewer or policy-admin; your token has "
                        + "none of them"));
        given().contentType(ContentType.JSON).body(body)
                .when().post("/classifications").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer"))
                .body("detail", startsWith("the request has no access token"));
        given().auth().oauth2("not.a.token").contentType(ContentType.JSON).body(body)
                .when().post("/classifications").then().statusCode(401)
                .contentType("application/problem+json")
                .body("detail", startsWith("the access token "));
    }
}
