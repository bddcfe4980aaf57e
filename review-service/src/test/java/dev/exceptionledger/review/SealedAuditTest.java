package dev.exceptionledger.review;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.support.PersonalSeal;
import dev.exceptionledger.support.Sealing;
import dev.exceptionledger.support.SubjectKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static dev.exceptionledger.review.ReviewStack.reviewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With sealing on (a key store in memory standing in for the ledger's): the row review keeps of every routed
 * interaction holds its personal values sealed, and an audit opens what it samples for the auditors.
 */
@QuarkusTest
@TestProfile(SealedAuditTest.Sealed.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class SealedAuditTest {

    public static class Sealed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("exledger.sealing.enabled", "true");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(KeysInMemory.class);
        }
    }

    /** A key per subject, created on first ask. */
    @Alternative
    @ApplicationScoped
    public static class KeysInMemory implements SubjectKeys {
        private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();

        @Override
        public Map<String, SecretKey> keysFor(Collection<String> subjects) {
            Map<String, SecretKey> found = new HashMap<>();
            subjects.forEach(subject -> found.put(subject, keys.computeIfAbsent(subject, s -> PersonalSeal.newKey())));
            return found;
        }

        @Override
        public void forget(Collection<String> subjects) {
        }
    }

    @Inject
    Sealing sealing;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theRoutedRowKeepsTheTextSealedAndTheAuditItemShowsItOpened() throws Exception {
        String intent = "sealed-" + UUID.randomUUID().toString().substring(0, 8);
        String id = "int-" + UUID.randomUUID();
        EventEnvelope classified = sealing.seal(Interactions.classified(id, intent, false, null));
        Interactions.publish(classified,
                sealing.seal(Interactions.routed(classified, RoutingOutcome.AGENT_HANDLED, "IN_SCOPE")));
        Interactions.awaitKnown(id);

        String stored = storedClassification(id);
        for (String personal : List.of("How do I export invoices?", "Sam Doe", "sam@example.com", "Accountant")) {
            assertFalse(stored.contains(personal), personal + " kept in clear: " + stored);
        }
        assertTrue(stored.contains("\"company\": \"Acme\""), "what is not personal stays readable: " + stored);

        // a stratum of one: picked whatever the rate
        given().auth().oauth2(reviewer()).post("/audit-runs").then().statusCode(201);
        String itemId = given().auth().oauth2(reviewer()).queryParam("team", "audit").queryParam("intent", intent)
                .get("/reviews").then().statusCode(200).body("items.size()", is(1))
                .extract().path("items[0].id");
        given().auth().oauth2(reviewer()).get("/reviews/{id}", itemId).then().statusCode(200)
                .body("packet.classification.interaction.text", is("How do I export invoices?"))
                .body("packet.classification.interaction.contact.name", is("Sam Doe"));
    }

    private String storedClassification(String interactionId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT CAST(classification AS text) FROM routed_interaction WHERE interaction_id = ?")) {
            select.setString(1, interactionId);
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next(), "no routed row for " + interactionId);
                return rs.getString(1);
            }
        }
    }
}
