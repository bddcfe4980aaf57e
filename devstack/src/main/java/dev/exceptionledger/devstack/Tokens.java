package dev.exceptionledger.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Access tokens from the local Keycloak for each role, with the demo identities of deploy/keycloak/realm.json
 * (local development only: the machine client for {@code intake}, intake's own account for {@code subject-keys}, a demo
 * user for each human role).
 */
public final class Tokens {
    private Tokens() { }

    /** The grant asked for each role: the token endpoint's form. */
    static final Map<String, Map<String, String>> GRANTS = Map.of(
            "intake", Map.of("grant_type", "client_credentials", "client_id", "exledger-agent",
                    "client_secret", "local-dev-agent-secret"),
            // a service's own account (intake's; the other services' are alike): the subjects' keys from the ledger
            "subject-keys", Map.of("grant_type", "client_credentials", "client_id", "exledger-intake",
                    "client_secret", "local-dev-intake-secret"),
            "reviewer", password("riley", "riley-local"),
            "compliance", password("casey", "casey-local"),
            "policy-admin", password("pat", "pat-local"));

    public static String forRole(String role) {
        return forRole(Keycloak.realmUrl(), role);
    }

    /** An access token for the role from the realm at {@code realmUrl}, by its OpenID Connect token endpoint. */
    static String forRole(String realmUrl, String role) {
        Map<String, String> form = GRANTS.get(role);
        if (form == null) {
            throw new IllegalArgumentException("unknown role '" + role + "': use one of " + GRANTS.keySet());
        }
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .build().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + role + ": " + response.body());
            }
            JsonNode json = Json.read(response.body(), JsonNode.class);
            return json.get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak is not reachable at " + realmUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> password(String user, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "exledger-cli");
        form.put("username", user);
        form.put("password", password);
        return Collections.unmodifiableMap(form);
    }
}
