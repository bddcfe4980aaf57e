package dev.exceptionledger.review;

import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.review.persistence.ReviewItem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.exceptionledger.review.ReviewStack.otherReviewer;
import static dev.exceptionledger.review.ReviewStack.queuedItem;
import static dev.exceptionledger.review.ReviewStack.reviewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class ClaimTest {

    @Test
    void aClaimReservesTheItemForItsReviewerForThirtyMinutes() {
        String team = Handoffs.randomTeam();
        String id = queuedItem(team);

        String expires = given().auth().oauth2(reviewer()).post("/reviews/{id}/claim", id).then().statusCode(200)
                .body("claimedBy", is("alice")).extract().path("claimExpiresAt");
        Duration left = Duration.between(Instant.now(), Instant.parse(expires));
        assertThat(left.compareTo(Duration.ofMinutes(29)) > 0 && left.compareTo(Duration.ofMinutes(31)) < 0, is(true));

        given().auth().oauth2(otherReviewer()).post("/reviews/{id}/claim", id).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("claimed by alice"));
        given().auth().oauth2(otherReviewer()).contentType("application/json")
                .body(Map.of("verdict", "CONFIRMED", "note", "mine now"))
                .post("/reviews/{id}/verdict", id).then().statusCode(409);
        given().auth().oauth2(reviewer()).get("/reviews/{id}", id).then().body("claimedBy", is("alice"))
                .body("status", is("OPEN"));

        assertThat(queue(team, "true"), contains(id));
        assertThat(queue(team, "false"), empty());
        // the claimant may decide
        given().auth().oauth2(reviewer()).contentType("application/json")
                .body(Map.of("verdict", "CONFIRMED", "note", "right call"))
                .post("/reviews/{id}/verdict", id).then().statusCode(201);
        given().auth().oauth2(reviewer()).post("/reviews/{id}/claim", id).then().statusCode(409);
    }

    @Test
    void anExpiredClaimReturnsTheItemToTheQueue() {
        String team = Handoffs.randomTeam();
        String id = queuedItem(team);
        given().auth().oauth2(reviewer()).post("/reviews/{id}/claim", id).then().statusCode(200);

        // thirty minutes later
        QuarkusTransaction.requiringNew().run(() -> ReviewItem.<ReviewItem>findById(UUID.fromString(id))
                .claimExpiresAt = Instant.now().minusSeconds(1));

        assertThat(queue(team, "false"), contains(id));
        given().auth().oauth2(reviewer()).get("/reviews/{id}", id).then().body("claimedBy", nullValue());
        given().auth().oauth2(otherReviewer()).post("/reviews/{id}/claim", id).then().statusCode(200)
                .body("claimedBy", is("bob"));
    }

    @Test
    void theClaimantMayReleaseAndNobodyElseMay() {
        String team = Handoffs.randomTeam();
        String id = queuedItem(team);
        given().auth().oauth2(reviewer()).post("/reviews/{id}/claim", id).then().statusCode(200);

        given().auth().oauth2(otherReviewer()).delete("/reviews/{id}/claim", id).then().statusCode(409);
        given().auth().oauth2(reviewer()).delete("/reviews/{id}/claim", id).then().statusCode(204);
        assertThat(queue(team, "false"), contains(id));
        given().auth().oauth2(otherReviewer()).post("/reviews/{id}/claim", id).then().statusCode(200)
                .body("claimExpiresAt", notNullValue());
    }

    @Test
    void claimingAnUnknownItemIs404() {
        given().auth().oauth2(reviewer()).post("/reviews/{id}/claim", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static java.util.List<String> queue(String team, String claimed) {
        return given().auth().oauth2(reviewer()).queryParam("team", team).queryParam("claimed", claimed)
                .get("/reviews").then().statusCode(200).extract().jsonPath().getList("items.id");
    }
}
