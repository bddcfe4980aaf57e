package dev.exceptionledger.intake.rest;

import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.devstack.Metrics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Health and metrics on the management interface without a token, not on the public port; intake's counters. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class ManagementInterfaceTest {

    @TestHTTPResource(value = "health", management = true) // under the management root, /q
    URL health;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void healthAndMetricsNeedNoTokenOnTheManagementPortAndAreNotOnThePublicOne() {
        given().get(health).then().statusCode(200).body("status", is("UP"));
        given().get(metrics).then().statusCode(200);
        given().get("/q/health").then().statusCode(401);
        given().get("/q/metrics").then().statusCode(401);
        // a token does not make the public port serve them either
        given().auth().oauth2(OidcWiremockTestResource.getAccessToken("platform", Set.of("intake")))
                .get("/q/metrics").then().statusCode(404);
    }

    @Test
    void countsWhatWasReceivedByChannelAndWhatWasRejectedByReason() {
        Metrics before = Metrics.scrape(metrics.toString());
        post("{\"channel\": \"partner\", \"text\": \"Can we resell your product in Benelux?\"}").statusCode(202);
        post("{\"channel\": \"partner\", \"text\": \"And in the Nordics?\"}").statusCode(202);
        post("{\"channel\": \"chat\", \"text\": ").statusCode(400);
        post("{\"channel\": \"carrier-pigeon\", \"text\": \"coo\"}").statusCode(400);

        Metrics after = Metrics.scrape(metrics.toString());
        assertEquals(2, increase(before, after, "exledger_interactions_received_total", "channel", "partner"));
        // unreadable JSON has no channel; a channel intake does not know is not a label value of its own
        assertEquals(1, increase(before, after, "exledger_interactions_rejected_total",
                "channel", "unknown", "reason", "invalid-json"));
        assertEquals(1, increase(before, after, "exledger_interactions_rejected_total",
                "channel", "unknown", "reason", "validation-failed"));
        assertEquals(0, after.value("exledger_interactions_rejected_total", "channel", "carrier-pigeon"));
    }

    private static ValidatableResponse post(String body) {
        return given().auth().oauth2(OidcWiremockTestResource.getAccessToken("platform", Set.of("intake")))
                .contentType("application/json").body(body).post("/interactions").then();
    }

    private static double increase(Metrics before, Metrics after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
