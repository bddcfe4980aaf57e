package dev.exceptionledger.bench;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;

import java.util.List;
import java.util.Set;

/**
 * Tokens for a packaged service without Keycloak: the WireMock OIDC server the services' tests use. Its tokens carry
 * their roles in {@code groups} and the audience {@code https://server.example.com}, so the service is told to read
 * those ({@link #SERVICE_OPTIONS}) and to trust this server ({@link #serverUrl()}, its {@code OIDC_AUTH_SERVER_URL}).
 */
public final class MockOidc implements AutoCloseable {

    /** JVM options that make a packaged service accept this server's tokens. */
    public static final List<String> SERVICE_OPTIONS = List.of(
            "-Dquarkus.oidc.roles.role-claim-path=groups",
            // the mock server's tokens are minted for this audience, not the suite's
            "-Dquarkus.oidc.token.audience=https://server.example.com");

    private final OidcWiremockTestResource server = new OidcWiremockTestResource();
    private final String serverUrl;

    public MockOidc() {
        serverUrl = server.start().get("keycloak.url") + "/realms/quarkus/";
    }

    public String serverUrl() {
        return serverUrl;
    }

    /** A fresh token for each request: the mock server's tokens expire within minutes, a long bench takes longer. */
    public static String token(String role) {
        return OidcWiremockTestResource.getAccessToken("bench", Set.of(role));
    }

    @Override
    public void close() {
        server.stop();
    }
}
