package dev.exceptionledger.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.exceptionledger.contracts.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Minting tokens: the request {@link Tokens} sends a realm's token endpoint and what it makes of the answer (against
 * a stand-in endpoint; a real Keycloak takes minutes to start), and that the realm devstack imports
 * (deploy/keycloak/realm.json) gives each role's identity that role and the audience the services demand.
 */
class TokensTest {

    private static final String TOKEN_PATH = "/realms/exledger/protocol/openid-connect/token";

    /** One request the stand-in endpoint received. */
    private record Received(String method, String contentType, Map<String, String> form) { }

    private final List<Received> received = new ArrayList<>();
    private HttpServer keycloak;
    private int status = 200;
    private String answer;

    @BeforeEach
    void startTokenEndpoint() throws IOException {
        keycloak = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        keycloak.createContext(TOKEN_PATH, exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (received) {
                received.add(new Received(exchange.getRequestMethod(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), form(body)));
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        keycloak.start();
    }

    @AfterEach
    void stopTokenEndpoint() {
        keycloak.stop(0);
    }

    private String realmUrl() {
        return "http://127.0.0.1:" + keycloak.getAddress().getPort() + "/realms/exledger";
    }

    @Test
    void asksForAHumanRoleWithItsDemoUsersPasswordAndReturnsTheAccessToken() {
        answer = "{\"access_token\":\"eyJ.reviewer.sig\",\"token_type\":\"Bearer\",\"expires_in\":300}";

        assertEquals("eyJ.reviewer.sig", Tokens.forRole(realmUrl(), "reviewer"));

        assertEquals(List.of(new Received("POST", "application/x-www-form-urlencoded", Map.of(
                "grant_type", "password", "client_id", "exledger-cli", "username", "riley",
                "password", "riley-local"))), received);
    }

    @Test
    void asksForTheIntakeRoleWithTheAgentsClientCredentials() {
        answer = "{\"access_token\":\"eyJ.intake.sig\"}";

        assertEquals("eyJ.intake.sig", Tokens.forRole(realmUrl(), "intake"));

        assertEquals(Map.of("grant_type", "client_credentials", "client_id", "exledger-agent",
                "client_secret", "local-dev-agent-secret"), received.get(0).form());
    }

    @Test
    void passesOnWhyKeycloakRefused() {
        status = 401;
        answer = "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}";

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tokens.forRole(realmUrl(), "compliance"));

        assertEquals("Keycloak refused a token for compliance: " + answer, e.getMessage());
    }

    @Test
    void refusesARoleTheSuiteDoesNotHaveWithoutAsking() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tokens.forRole(realmUrl(), "admin"));

        assertTrue(e.getMessage().startsWith("unknown role 'admin': use one of ["), e.getMessage());
        assertEquals(List.of(), received);
    }

    @Test
    void saysWhereItFoundNoKeycloak() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + closed + "/realms/exledger";

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tokens.forRole(nowhere, "reviewer"));

        assertTrue(e.getMessage().startsWith("Keycloak is not reachable at " + nowhere + ": "), e.getMessage());
    }

    /** What a token Keycloak mints carries is set by the realm: each role's identity must exist there as asked. */
    @Test
    void theImportedRealmGivesEachRolesIdentityThatRoleAndTheServicesAudience() throws IOException {
        JsonNode realm = Json.read(Files.readString(DevStackPaths.realmFile()), JsonNode.class);
        assertEquals(Keycloak.REALM, realm.path("realm").asText());

        for (Map.Entry<String, Map<String, String>> grant : Tokens.GRANTS.entrySet()) {
            String role = grant.getKey();
            Map<String, String> form = grant.getValue();
            JsonNode client = find(realm.path("clients"), "clientId", form.get("client_id"));
            assertTrue(client.path("enabled").asBoolean(), role + ": " + client);
            assertTrue(StreamSupport.stream(client.path("protocolMappers").spliterator(), false).anyMatch(m ->
                    "oidc-audience-mapper".equals(m.path("protocolMapper").asText())
                            && "exception-ledger".equals(m.path("config").path("included.custom.audience").asText())
                            && "true".equals(m.path("config").path("access.token.claim").asText())),
                    role + ": the client adds the audience exception-ledger to access tokens: " + client);
            JsonNode identity;
            if ("client_credentials".equals(form.get("grant_type"))) {
                assertEquals(form.get("client_secret"), client.path("secret").asText(), role);
                assertTrue(client.path("serviceAccountsEnabled").asBoolean(), role);
                identity = find(realm.path("users"), "serviceAccountClientId", form.get("client_id"));
            } else {
                assertEquals("password", form.get("grant_type"), role);
                assertTrue(client.path("directAccessGrantsEnabled").asBoolean(), role + ": password grants");
                identity = find(realm.path("users"), "username", form.get("username"));
                assertEquals(form.get("password"), find(identity.path("credentials"), "type", "password")
                        .path("value").asText(), role);
            }
            assertTrue(identity.path("enabled").asBoolean(), role + ": " + identity);
            assertTrue(StreamSupport.stream(identity.path("realmRoles").spliterator(), false)
                    .anyMatch(r -> role.equals(r.asText())), role + " is a realm role of " + identity);
        }
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + field + " " + value + " in " + array);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        return form;
    }
}
