package dev.exceptionledger.intake.rest;

import dev.exceptionledger.intake.persistence.IdempotencyKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The outgoing channels point at a port where no broker listens (the test resources still apply). */
@QuarkusTest
@TestProfile(BrokerDownTest.BrokerDown.class)
class BrokerDownTest {

    public static class BrokerDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("mp.messaging.outgoing.received.bootstrap.servers", "127.0.0.1:1"),
                    Map.entry("mp.messaging.outgoing.rejected.bootstrap.servers", "127.0.0.1:1"),
                    // fail within seconds instead of the production timeouts
                    Map.entry("mp.messaging.outgoing.received.max.block.ms", "1000"),
                    Map.entry("mp.messaging.outgoing.received.request.timeout.ms", "1000"),
                    Map.entry("mp.messaging.outgoing.received.delivery.timeout.ms", "2000"),
                    Map.entry("mp.messaging.outgoing.rejected.max.block.ms", "1000"),
                    Map.entry("mp.messaging.outgoing.rejected.request.timeout.ms", "1000"),
                    Map.entry("mp.messaging.outgoing.rejected.delivery.timeout.ms", "2000"),
                    // this instance must not take the other tests' inbound records
                    Map.entry("mp.messaging.incoming.inbound.group.id", "intake-broker-down-" + UUID.randomUUID()),
                    Map.entry("mp.messaging.incoming.inbound.auto.offset.reset", "latest"));
        }
    }

    private static RequestSpecification asPlatform() {
        return given().auth().oauth2(OidcWiremockTestResource.getAccessToken("platform", Set.of("intake")))
                .contentType("application/json");
    }

    @Test
    void answers503AndReleasesTheIdempotencyKeyWhenTheBrokerDoesNotAcknowledge() {
        String key = "key-" + UUID.randomUUID();
        asPlatform().header("Idempotency-Key", key).body("{\"channel\":\"api\",\"text\":\"hello\"}")
                .post("/interactions").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", endsWith("/broker-unavailable"));
        // the claim was rolled back with the failed publish, so a retry can still use the key
        assertNull(QuarkusTransaction.requiringNew().call(() -> IdempotencyKey.findById(key)));
    }

    @Test
    void answers503RatherThanA400ThatWasNotRecorded() {
        asPlatform().body("{\"channel\":\"api\"}").post("/interactions").then()
                .statusCode(503)
                .body("type", endsWith("/broker-unavailable"));
    }
}
