package dev.exceptionledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.devstack.DevStackPaths;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.Tokens;
import dev.exceptionledger.e2e.LocalSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * service-support's LedgerSubjectKeys against the packaged ledger and the local Keycloak, with intake's own account
 * as intake's application.properties configures it: a fresh subject's key is created and handed out, the same key
 * again, an erasure reaches the client within its cache's time, and the ledger's audit counted the calls for the
 * client. (In this package for the client's plain-Java constructor: the Quarkus one wants the oidc-client extension,
 * which is the services' own business.)
 */
@ExtendWith(LocalSuite.class)
class SubjectKeysEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aServiceAccountGetsAFreshSubjectsKeyTheErasureEndsItAndTheLedgerCountsTheCalls() throws Exception {
        Properties intake = intakeConfiguration();
        String client = intake.getProperty("quarkus.oidc-client.client-id");
        assertEquals("exledger-intake", client);
        AtomicInteger tokensFetched = new AtomicInteger();
        ServiceToken token = new ServiceToken(() -> {
            tokensFetched.incrementAndGet();
            return clientCredentials(intake.getProperty("quarkus.oidc-client.auth-server-url"), client,
                    intake.getProperty("quarkus.oidc-client.credentials.secret"));
        }, Clock.systemUTC());
        URI ledger = LedgerSubjectKeys.endpoint(intake.getProperty("exledger.subject-keys.url"));
        Duration ttl = Duration.ofSeconds(2);
        LedgerSubjectKeys keys = new LedgerSubjectKeys(List.of(ledger), token,
                new KeyCache(ttl, 1000, System::nanoTime));
        LedgerSubjectKeys fresh = new LedgerSubjectKeys(List.of(ledger), token,
                new KeyCache(Duration.ofSeconds(30), 1000, System::nanoTime));
        String subject = PersonalFields.contactIdOfEmail("keys-e2e-" + UUID.randomUUID() + "@example.com");
        Instant since = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Counts before = counts(client, since);

        SecretKey key = keys.keysFor(List.of(subject)).get(subject);
        assertNotNull(key, "a key for a subject the ledger never saw");
        assertEquals(32, key.getEncoded().length, "AES-256");
        assertArrayEquals(key.getEncoded(), fresh.keysFor(List.of(subject)).get(subject).getEncoded(),
                "the ledger's one key for the subject, to every caller");
        assertEquals(1, tokensFetched.get(), "one token for both calls");
        JsonNode known = Json.read(send(HttpRequest.newBuilder(URI.create(Service.LEDGER.url("/ledger/subjects/"
                + subject))).header("Authorization", "Bearer " + Tokens.forRole("compliance"))).body(), JsonNode.class);
        assertEquals("ACTIVE", known.path("status").asText(), "the ledger knows the subject from its key: " + known);

        HttpResponse<String> erased = send(HttpRequest.newBuilder(URI.create(Service.LEDGER.url("/ledger/subjects/"
                + subject + "/erasure"))).header("Authorization", "Bearer " + Tokens.forRole("compliance"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, erased.statusCode(), erased.body());
        assertEquals("ERASED", Json.read(erased.body(), JsonNode.class).path("status").asText());

        fresh.forget(List.of(subject));
        Map<String, SecretKey> afterForget = fresh.keysFor(List.of(subject));
        assertTrue(afterForget.containsKey(subject) && afterForget.get(subject) == null,
                "erased, once forgotten: " + afterForget);
        // erased once the cache's time is up, without forget
        await().atMost(ttl.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> keys.keysFor(List.of(subject)).get(subject) == null);

        // other callers (the services) may count for the client in the same minutes: at least these calls
        Counts after = counts(client, since);
        assertTrue(after.requests() - before.requests() >= 4, before + " -> " + after);
        assertTrue(after.keysCreated() - before.keysCreated() >= 1, before + " -> " + after);
        assertTrue(after.keysReturned() - before.keysReturned() >= 2, before + " -> " + after);
    }

    private record Counts(long requests, long keysReturned, long keysCreated) {
    }

    /** The audit's counts for the client since the minute, as compliance reads them. */
    private static Counts counts(String client, Instant since) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(Service.LEDGER.url(
                "/ledger/subject-keys/access?since=" + since))).header("Authorization", "Bearer "
                + Tokens.forRole("compliance")));
        assertEquals(200, response.statusCode(), response.body());
        long requests = 0;
        long returned = 0;
        long created = 0;
        for (JsonNode row : Json.read(response.body(), JsonNode.class).path("rows")) {
            if (client.equals(row.path("client").asText())) {
                requests += row.path("requests").asLong();
                returned += row.path("keysReturned").asLong();
                created += row.path("keysCreated").asLong();
            }
        }
        return new Counts(requests, returned, created);
    }

    /** What intake reads when deploy/local/run starts it: its application.properties (the local secret is there). */
    private static Properties intakeConfiguration() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(DevStackPaths.root()
                .resolve("intake-service/src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    /** A client-credentials grant, as quarkus-oidc-client asks for one. */
    private static ServiceToken.Token clientCredentials(String realmUrl, String client, String secret) {
        String form = Map.of("grant_type", "client_credentials", "client_id", client, "client_secret", secret)
                .entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(realmUrl
                    + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            assertEquals(200, response.statusCode(), "Keycloak's answer to " + client + ": " + response.body());
            JsonNode answer = Json.read(response.body(), JsonNode.class);
            return new ServiceToken.Token(answer.path("access_token").asText(),
                    Instant.now().plusSeconds(answer.path("expires_in").asLong()));
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak is not reachable at " + realmUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
