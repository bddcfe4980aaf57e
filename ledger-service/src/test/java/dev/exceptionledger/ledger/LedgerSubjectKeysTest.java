package dev.exceptionledger.ledger;

import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.devstack.DevStackTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.exceptionledger.ledger.Journeys.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /ledger/subject-keys and its audit, against the real store (issue 17, "Keys in one place"). */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ledger"))
@QuarkusTestResource(OidcWiremockTestResource.class)
class LedgerSubjectKeysTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void createsAMissingKeyAndAnswersTheSameOneAfterwards() throws Exception {
        String client = newClient();
        String subject = newSubject();
        String other = newSubject();

        String first = keys(client, subject).statusCode(200).contentType("application/json")
                .extract().path("keys." + subject);
        byte[] key = Base64.getDecoder().decode(first);
        assertEquals(32, key.length, "an AES-256 key");
        assertArrayEquals(key, storedSecret(subject), "the key of subject_key, the ledger's own");

        Map<String, String> again = keys(client, subject, other, subject).statusCode(200).extract().path("keys");
        assertEquals(Set.of(subject, other), again.keySet(), "each asked subject once");
        assertEquals(first, again.get(subject), "the same key on every call");
        assertNotEquals(first, again.get(other), "a key per subject");
    }

    @Test
    void concurrentCallersCreatingTheSameKeysAllGetTheOneStored() throws Exception {
        String client = newClient();
        List<String> subjects = IntStream.range(0, 20).mapToObj(i -> newSubject()).toList();
        ExecutorService callers = Executors.newFixedThreadPool(6);
        List<Future<Map<String, String>>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(callers.submit(() -> keys(client, subjects.toArray(String[]::new)).statusCode(200)
                    .extract().<Map<String, String>>path("keys")));
        }
        for (Future<Map<String, String>> answer : answers) {
            Map<String, String> keys = answer.get(30, TimeUnit.SECONDS);
            for (String subject : subjects) {
                assertArrayEquals(storedSecret(subject), Base64.getDecoder().decode(keys.get(subject)),
                        "every caller gets the key that was kept");
            }
        }
        callers.shutdown();
        assertEquals(20, sum(access(client), "keysCreated"), "each key counted as created once");
    }

    @Test
    void answersNullForAnErasedSubject() {
        String client = newClient();
        String subject = newSubject();
        keys(client, subject).statusCode(200);
        given().auth().oauth2(token("compliance")).post("/ledger/subjects/{id}/erasure", subject)
                .then().statusCode(200).body("status", is("ERASED"));

        keys(client, subject).statusCode(200).body("keys." + subject, nullValue())
                .body("keys", org.hamcrest.Matchers.hasKey(subject));
    }

    @Test
    void refusesBadInputWithAProblemSayingWhatToFix() {
        String client = newClient();
        post(client, "{\"subjects\": []}").statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("1 to 500"));
        post(client, "{}").statusCode(400).contentType("application/problem+json");
        post(client, "{\"subjects\": [\"" + newSubject() + "\", \"Dana@example.com\"]}").statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("subjects[1]"));
        post(client, "{\"subjects\": [\"" + newSubject().toUpperCase() + "\"]}").statusCode(400)
                .contentType("application/problem+json");
        post(client, "{\"subject\": [\"" + newSubject() + "\"]}").statusCode(400)
                .contentType("application/problem+json");
        List<String> tooMany = IntStream.range(0, 501).mapToObj(i -> newSubject()).toList();
        given().auth().oauth2(serviceToken(client, "subject-keys")).contentType("application/json")
                .body(Map.of("subjects", tooMany)).post("/ledger/subject-keys")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("at most 500"));
        given().auth().oauth2(token("compliance")).get("/ledger/subject-keys/access?since=yesterday")
                .then().statusCode(400).contentType("application/problem+json");
        assertTrue(access(client).isEmpty(), "a refused call hands nothing out and is not counted");
    }

    @Test
    void admitsOnlyTheSubjectKeysRoleAndOnlyComplianceReadsTheAudit() {
        String body = "{\"subjects\": [\"" + newSubject() + "\"]}";
        for (String role : List.of("compliance", "reviewer", "intake", "policy-admin")) {
            given().auth().oauth2(serviceToken(newClient(), role)).contentType("application/json").body(body)
                    .post("/ledger/subject-keys").then().statusCode(403).contentType("application/problem+json");
        }
        given().contentType("application/json").body(body).post("/ledger/subject-keys")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(serviceToken(newClient(), "subject-keys")).get("/ledger/subject-keys/access")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void countsEveryCallPerClientAndMinute() {
        String client = newClient();
        String otherClient = newClient();
        String a = newSubject();
        String b = newSubject();
        String erased = newSubject();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        keys(client, erased).statusCode(200);
        given().auth().oauth2(token("compliance")).post("/ledger/subjects/{id}/erasure", erased)
                .then().statusCode(200).body("status", is("ERASED"));

        keys(client, a, b).statusCode(200);
        keys(client, a, erased).statusCode(200);
        keys(otherClient, b).statusCode(200);

        List<Map<String, Object>> rows = access(client);
        assertTrue(rows.size() == 1 || rows.size() == 2, "one row per minute: " + rows);
        assertEquals(3, sum(rows, "requests"), rows.toString());
        assertEquals(1 + 2 + 1, sum(rows, "keysReturned"), "an erased subject's null is no key handed out");
        assertEquals(1 + 2, sum(rows, "keysCreated"), rows.toString());
        rows.forEach(row -> assertTrue(!Instant.parse((String) row.get("minute")).isBefore(before), row.toString()));
        List<Map<String, Object>> others = access(otherClient);
        assertEquals(1, sum(others, "requests"));
        assertEquals(1, sum(others, "keysReturned"));
        assertEquals(0, sum(others, "keysCreated"), "b existed already");
    }

    @Test
    void listsTheAccessNewestFirstSinceAnInstant() throws Exception {
        String client = newClient();
        Instant minuteAgo = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.MINUTES);
        Instant older = minuteAgo.minus(2, ChronoUnit.DAYS);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO subject_key_access "
                     + "(client, minute, requests, keys_returned, keys_created) VALUES (?, ?, 1, 1, 0)")) {
            for (Instant minute : List.of(minuteAgo, older)) {
                insert.setString(1, client);
                insert.setTimestamp(2, java.sql.Timestamp.from(minute));
                insert.executeUpdate();
            }
        }
        keys(client, newSubject()).statusCode(200);

        List<String> minutes = access(client).stream().map(row -> (String) row.get("minute")).toList();
        assertEquals(2, minutes.size(), "the last day without 'since': " + minutes);
        assertTrue(Instant.parse(minutes.get(0)).isAfter(Instant.parse(minutes.get(1))), "newest first");
        assertEquals(minuteAgo, Instant.parse(minutes.get(1)));
        List<Map<String, Object>> all = given().auth().oauth2(token("compliance"))
                .get("/ledger/subject-keys/access?since=" + older).then().statusCode(200)
                .extract().path("rows.findAll { it.client == '" + client + "' }");
        assertEquals(3, all.size());
        assertEquals(older, Instant.parse((String) all.get(2).get("minute")));
    }

    /** A service account's token as Keycloak mints it: the client in {@code azp}, realm roles (groups here). */
    static String serviceToken(String client, String role) {
        return Jwt.preferredUserName("service-account-" + client).groups(Set.of(role)).claim("azp", client)
                .issuer("https://server.example.com").audience("https://server.example.com")
                .jws().keyId("1").sign("privateKey.jwk");
    }

    private static ValidatableResponse keys(String client, String... subjects) {
        return given().auth().oauth2(serviceToken(client, "subject-keys")).contentType("application/json")
                .body(Map.of("subjects", List.of(subjects))).post("/ledger/subject-keys").then();
    }

    private static ValidatableResponse post(String client, String body) {
        return given().auth().oauth2(serviceToken(client, "subject-keys")).contentType("application/json")
                .body(body).post("/ledger/subject-keys").then();
    }

    private static List<Map<String, Object>> access(String client) {
        return given().auth().oauth2(token("compliance")).get("/ledger/subject-keys/access")
                .then().statusCode(200).contentType("application/json")
                .extract().path("rows.findAll { it.client == '" + client + "' }");
    }

    private static long sum(List<Map<String, Object>> rows, String field) {
        return rows.stream().mapToLong(row -> ((Number) row.get(field)).longValue()).sum();
    }

    private byte[] storedSecret(String subject) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT secret FROM subject_key WHERE contact_id = ?")) {
            select.setString(1, subject);
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next(), "a subject_key row for " + subject);
                return rs.getBytes(1);
            }
        }
    }

    private static String newClient() {
        return "exledger-test-" + UUID.randomUUID();
    }

    private static String newSubject() {
        return PersonalFields.contactIdOfEmail("keys-" + UUID.randomUUID() + "@example.com");
    }
}
