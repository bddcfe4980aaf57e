package dev.exceptionledger.classifier.rest;

import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class TaxonomyResourceTest {

    private static String token(String role) {
        return OidcWiremockTestResource.getAccessToken("bob", Set.of(role));
    }

    @Test
    void showsTheActiveTaxonomyToReviewersPolicyAdminsAndCompliance() {
        for (String role : new String[] {"reviewer", "policy-admin", "compliance"}) {
            given().auth().oauth2(token(role))
                    .when().get("/taxonomy")
                    .then().statusCode(200)
                    .body("version", is("b2b-sales-support-1"))
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
    }
}
