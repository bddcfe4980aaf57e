package dev.exceptionledger.review;

import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.exceptionledger.review.ReviewStack.reviewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class QueueParametersTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "status, pending",
            "page, -1",
            "page, first",
            "size, 0",
            "size, 201",
            "size, 1.5",
            "team, ' '",
            "intent, ' '",
            "source, email",
            "claimed, maybe",
            "externalId, ' '",
            "interactionId, ' '",
            "contactEmail, dana",
    })
    void refusesABadQueryParameterNamingIt(String name, String value) {
        given().auth().oauth2(reviewer()).queryParam(name, value).get("/reviews").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", contains(name));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"open", "OPEN", "decided", "all"})
    void acceptsEitherStatusInAnyCase(String status) {
        given().auth().oauth2(reviewer()).queryParam("status", status).queryParam("size", 200)
                .get("/reviews").then().statusCode(200).body("size", is(200)).body("page", is(0));
    }
}
