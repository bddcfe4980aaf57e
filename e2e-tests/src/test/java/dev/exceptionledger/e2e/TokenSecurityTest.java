package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.Keycloak;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens every service must refuse with 401 on every operation: expired, from another issuer, signed by a key the
 * realm does not have, unsigned ({@code alg: none}), and minted for another audience. The realm's extra clients
 * (a short-lived one, one without the audience) are made here through Keycloak's admin API: they are test
 * fixtures, not part of the reference realm (deploy/k8s-checks keeps the deployed realm equal to realm.json).
 */
@ExtendWith(LocalSuite.class)
class TokenSecurityTest {

    private static final String AUDIENCE = "exception-ledger";
    private static final String KEYCLOAK = "http://127.0.0.1:" + Keycloak.PORT;
    private static final String SHORT_LIVED = "e2e-short-lived";
    private static final String NO_AUDIENCE = "e2e-no-audience";
    private static final String SECRET = "e2e-" + UUID.randomUUID();

    private static String adminToken;
    private static String reviewerToken;
    private static List<Api.Operation> operations;
    private static Map<String, Api.Rule> rules;

    @BeforeAll
    static void clients() {
        adminToken = masterToken();
        createClient(SHORT_LIVED, true, "1");
        createClient(NO_AUDIENCE, false, null);
        reviewerToken = Tokens.forRole("reviewer");
        operations = Api.operations(reviewerToken);
        rules = Api.rules();
    }

    @Test
    void realTokensCarryTheAudienceAndAreAccepted() {
        assertTrue(claims(reviewerToken).path("aud").toString().contains(AUDIENCE), claims(reviewerToken).toString());
        assertTrue(claims(Tokens.forRole("intake")).path("aud").toString().contains(AUDIENCE));
        for (Service service : Service.values()) {
            assertEquals(200, openApi(service, reviewerToken), service.module);
        }
    }

    @Test
    void expiredTokensAreRefusedEverywhere() {
        // the same client's fresh token is accepted: what is refused later is only its age
        await().atMost(Duration.ofSeconds(30)).until(() -> openApi(Service.LEDGER, clientToken(SHORT_LIVED)) == 200);
        String token = clientToken(SHORT_LIVED);
        JsonNode claims = claims(token);
        assertTrue(claims.path("exp").asLong() - claims.path("iat").asLong() <= 2, claims.toString());
        Instant expired = Instant.ofEpochSecond(claims.path("exp").asLong()).plusSeconds(2);
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expired));

        assertRefusedEverywhere("expired", token, "the access token has expired");
    }

    @Test
    void tokensOfAnotherIssuerAreRefusedEverywhere() {
        // a fresh one: the master realm's tokens live a minute
        String token = masterToken();
        assertEquals(KEYCLOAK + "/realms/master", claims(token).path("iss").asText());
        assertRefusedEverywhere("master realm (admin-cli)", token, "the access token");
    }

    @Test
    void tokensSignedByAnotherKeyAreRefusedEverywhere() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String[] real = reviewerToken.split("\\.");
        ObjectNode header = (ObjectNode) Json.read(decode(real[0]), JsonNode.class);
        // the realm's own key id, and the real claims: only the signature is wrong
        assertRefusedEverywhere("real claims and kid, another key", signed(header, real[1], key), "the access token");
        header.put("kid", UUID.randomUUID().toString());
        assertRefusedEverywhere("unknown kid, another key", signed(header, real[1], key), "the access token");
    }

    @Test
    void unsignedTokensAreRefusedEverywhere() {
        String claims = reviewerToken.split("\\.")[1];
        assertRefusedEverywhere("alg none", encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + claims + ".",
                "the access token");
    }

    @Test
    void tokensForAnotherAudienceAreRefusedEverywhere() {
        String token = clientToken(NO_AUDIENCE);
        JsonNode claims = claims(token);
        // a valid token of the realm with an allowed role; only the audience is missing
        assertEquals(Keycloak.realmUrl(), claims.path("iss").asText());
        assertTrue(claims.path("realm_access").path("roles").toString().contains("reviewer"), claims.toString());
        assertFalse(claims.path("aud").toString().contains(AUDIENCE), claims.toString());
        assertRefusedEverywhere("without audience " + AUDIENCE, token, "wrong audience");
    }

    /**
     * Every operation of every service (the harmless probe of the role matrix) answers 401 as problem+json whose
     * detail says what was wrong with the token ({@code reason}, a part of it).
     */
    private static void assertRefusedEverywhere(String kind, String token, String reason) {
        List<String> accepted = new ArrayList<>();
        for (Api.Operation operation : operations) {
            HttpResponse<String> response = Api.probe(operation, rules.get(operation.key()), token);
            if (response.statusCode() != 401) {
                accepted.add(operation.key() + ": " + response.statusCode());
            } else if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                    || !Json.read(response.body(), JsonNode.class).path("detail").asText().contains(reason)) {
                accepted.add(operation.key() + ": 401 without a problem saying '" + reason + "': " + response.body());
            }
        }
        System.out.printf("token %s: %d operations probed%n", kind, operations.size());
        assertTrue(accepted.isEmpty(), kind + " token was not refused with 401 by: " + accepted);
        assertTrue(operations.size() >= Service.values().length, "operations of every service: " + operations);
    }

    private static int openApi(Service service, String token) {
        return Api.send(HttpRequest.newBuilder(URI.create(service.url("/q/openapi?format=json")))
                .header("Authorization", "Bearer " + token)).statusCode();
    }

    private static String signed(JsonNode header, String claims, KeyPair key) throws Exception {
        String content = encode(Json.write(header)) + "." + claims;
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key.getPrivate());
        signature.update(content.getBytes(StandardCharsets.US_ASCII));
        return content + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    }

    private static JsonNode claims(String token) {
        return Json.read(decode(token.split("\\.")[1]), JsonNode.class);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The local Keycloak's bootstrap admin (deploy/local only), from the master realm. */
    private static String masterToken() {
        return token(KEYCLOAK + "/realms/master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", "admin", "password", "admin"));
    }

    private static String clientToken(String clientId) {
        return token(Keycloak.realmUrl(), Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", SECRET));
    }

    private static String token(String realmUrl, Map<String, String> form) {
        HttpResponse<String> response = Api.send(HttpRequest.newBuilder(
                        URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Api.form(form))));
        assertEquals(200, response.statusCode(), response.body());
        return Json.read(response.body(), JsonNode.class).path("access_token").asText();
    }

    /** A confidential client whose service account has the role reviewer; the realm is imported fresh per run. */
    private static void createClient(String clientId, boolean audience, String lifespanSeconds) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("publicClient", false);
        client.put("secret", SECRET);
        client.put("serviceAccountsEnabled", true);
        client.put("standardFlowEnabled", false);
        client.put("directAccessGrantsEnabled", false);
        if (lifespanSeconds != null) {
            client.put("attributes", Map.of("access.token.lifespan", lifespanSeconds));
        }
        if (audience) {
            client.put("protocolMappers", List.of(Map.of("name", "audience", "protocol", "openid-connect",
                    "protocolMapper", "oidc-audience-mapper", "config", Map.of("included.custom.audience", AUDIENCE,
                            "access.token.claim", "true"))));
        }
        HttpResponse<String> created = admin("POST", "/clients", Json.write(client));
        assertEquals(201, created.statusCode(), created.body());
        String id = Json.read(admin("GET", "/clients?clientId=" + clientId, null).body(), JsonNode.class)
                .get(0).path("id").asText();
        String user = Json.read(admin("GET", "/clients/" + id + "/service-account-user", null).body(), JsonNode.class)
                .path("id").asText();
        String role = admin("GET", "/roles/reviewer", null).body();
        HttpResponse<String> granted = admin("POST", "/users/" + user + "/role-mappings/realm", "[" + role + "]");
        assertEquals(204, granted.statusCode(), granted.body());
    }

    private static HttpResponse<String> admin(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(KEYCLOAK + "/admin/realms/" + Keycloak.REALM + path))
                .header("Authorization", "Bearer " + adminToken)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return Api.send(request);
    }
}
