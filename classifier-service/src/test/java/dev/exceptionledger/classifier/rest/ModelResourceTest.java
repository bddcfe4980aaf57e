package dev.exceptionledger.classifier.rest;

import dev.exceptionledger.classifier.ShippedTaxonomy;
import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "classifier"))
@QuarkusTestResource(OidcWiremockTestResource.class)
class ModelResourceTest {

    private static String token(String role) {
        return OidcWiremockTestResource.getAccessToken("bob", Set.of(role));
    }

    @Test
    void showsTheModelAndItsCalibrationToReviewersPolicyAdminsAndCompliance() {
        for (String role : new String[] {"reviewer", "policy-admin", "compliance"}) {
            given().auth().oauth2(token(role))
                    .when().get("/model")
                    .then().statusCode(200)
                    .body("modelVersion", is("e5-small-v2-q@1.11.0-beta19"))
                    .body("taxonomyVersion", is(ShippedTaxonomy.VERSION))
                    .body("noveltyComponents", contains("relativeMahalanobis", "knnDistance", "energy"))
                    .body("flagRate", is(0.05f))
                    .body("calibratedThreshold", greaterThan(0f))
                    // 138 held-out texts: at most 5%, at least 5% - 2/139 (ranks come in steps of 1/138)
                    .body("expectedFlagRate", both(greaterThan(0.035f)).and(lessThanOrEqualTo(0.05f)))
                    .body("calibration.method", startsWith("the taxonomy's held-out calibration texts"))
                    .body("calibration.heldOutExamples", is(138))
                    // real B2B traffic the head never saw, some of it in other languages: 0.61 measured
                    .body("calibration.heldOutAccuracy", greaterThan(0.5f))
                    .body("calibration.eceAfter", lessThanOrEqualTo(0.2f));
        }
    }

    @Test
    void forbidsIntakeClientsAndRefusesAnonymousCallers() {
        given().auth().oauth2(token("intake")).when().get("/model").then().statusCode(403);
        given().when().get("/model").then().statusCode(401);
    }
}
