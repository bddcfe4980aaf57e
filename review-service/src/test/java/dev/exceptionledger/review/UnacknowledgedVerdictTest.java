package dev.exceptionledger.review;

import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.exceptionledger.review.ReviewStack.queuedItem;
import static dev.exceptionledger.review.ReviewStack.reviewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(UnacknowledgedVerdictTest.BrokerRefusesReviews.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class UnacknowledgedVerdictTest {

    /** The broker refuses every ReviewRecorded: its topic has a name Kafka does not allow. */
    public static class BrokerRefusesReviews implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.reviews-recorded.topic", "reviews recorded (refused)",
                    "mp.messaging.outgoing.reviews-recorded.max.block.ms", "5000",
                    "mp.messaging.outgoing.reviews-recorded.delivery.timeout.ms", "5000",
                    "mp.messaging.outgoing.reviews-recorded.request.timeout.ms", "4000");
        }
    }

    @Test
    void recordsNothingAndAnswers503WhenTheBrokerDoesNotAcknowledge() {
        String id = queuedItem(Handoffs.randomTeam());

        given().auth().oauth2(reviewer()).contentType("application/json")
                .body(Map.of("verdict", "CONFIRMED", "note", "right call"))
                .post("/reviews/{id}/verdict", id).then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("not recorded"));

        given().auth().oauth2(reviewer()).get("/reviews/{id}", id).then().statusCode(200)
                .body("status", is("OPEN"))
                .body("decidedAt", nullValue())
                .body("verdict", nullValue());
    }
}
