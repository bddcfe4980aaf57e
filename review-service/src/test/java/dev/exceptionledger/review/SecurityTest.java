package dev.exceptionledger.review;

import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static dev.exceptionledger.review.ReviewStack.compliance;
import static dev.exceptionledger.review.ReviewStack.queuedItem;
import static dev.exceptionledger.review.ReviewStack.reviewer;
import static io.restassured.RestAssured.given;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class SecurityTest {

    private static final Map<String, String> CONFIRMED = Map.of("verdict", "CONFIRMED", "note", "right call");

    @TestHTTPResource(value = "health/ready", management = true) // under the management root, /q
    URL health;

    @Test
    void listingTheQueueNeedsTheReviewerRole() {
        given().get("/reviews").then().statusCode(401);
        given().auth().oauth2(compliance()).get("/reviews").then().statusCode(403);
        given().auth().oauth2(reviewer()).get("/reviews").then().statusCode(200);
    }

    @Test
    void readingAnItemNeedsTheReviewerRole() {
        String id = queuedItem(Handoffs.randomTeam());
        given().get("/reviews/{id}", id).then().statusCode(401);
        given().auth().oauth2(compliance()).get("/reviews/{id}", id).then().statusCode(403);
        given().auth().oauth2(reviewer()).get("/reviews/{id}", id).then().statusCode(200);
    }

    @Test
    void recordingAVerdictNeedsTheReviewerRole() {
        String id = queuedItem(Handoffs.randomTeam());
        json(given()).post("/reviews/{id}/verdict", id).then().statusCode(401);
        json(given().auth().oauth2(compliance())).post("/reviews/{id}/verdict", id).then().statusCode(403);
        json(given().auth().oauth2(reviewer())).post("/reviews/{id}/verdict", id).then().statusCode(201);
    }

    @Test
    void claimingNeedsTheReviewerRole() {
        String id = queuedItem(Handoffs.randomTeam());
        given().post("/reviews/{id}/claim", id).then().statusCode(401);
        given().auth().oauth2(compliance()).post("/reviews/{id}/claim", id).then().statusCode(403);
        given().auth().oauth2(compliance()).delete("/reviews/{id}/claim", id).then().statusCode(403);
        given().auth().oauth2(reviewer()).post("/reviews/{id}/claim", id).then().statusCode(200);
        given().auth().oauth2(reviewer()).delete("/reviews/{id}/claim", id).then().statusCode(204);
    }

    @Test
    void healthIsOnTheManagementPortWithoutAToken() {
        given().get(health).then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(401);
    }

    private static RequestSpecification json(RequestSpecification request) {
        return request.contentType("application/json").body(CONFIRMED);
    }
}
