package dev.exceptionledger.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Calls the running suite's APIs with a real token per role, as a user of the suite would. */
public final class SuiteClient {

    // HTTP/1.1: the JDK client's default h2c upgrade garbled a 2 MB answer of a Quarkus service (CI, 2026-12-07)
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new HashMap<>();

    /** A response: status, the X-Interaction-Id header intake sets, and the body. */
    public record Reply(int status, String interactionId, String body) {
        public JsonNode json() {
            return Json.read(body, JsonNode.class);
        }
    }

    public Reply postInteraction(String json) {
        return send(HttpRequest.newBuilder(URI.create(Service.INTAKE.url("/interactions")))
                .header("Content-Type", "application/json"), "intake", HttpRequest.BodyPublishers.ofString(json));
    }

    public Reply get(Service service, String path, String role) {
        return send(HttpRequest.newBuilder(URI.create(service.url(path))).GET(), role, null);
    }

    /** From instance k of a service ({@code deploy/local/run start --replicas N}). */
    public Reply get(Service service, int instance, String path, String role) {
        return send(HttpRequest.newBuilder(URI.create(service.url(instance, path))).GET(), role, null);
    }

    /** A PUT to instance k of a service. */
    public Reply put(Service service, int instance, String path, String role, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(service.url(instance, path))).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)), role, null);
    }

    public Reply postJson(Service service, String path, String role, String json) {
        return send(HttpRequest.newBuilder(URI.create(service.url(path))).header("Content-Type", "application/json"),
                role, HttpRequest.BodyPublishers.ofString(json));
    }

    private Reply send(HttpRequest.Builder request, String role, HttpRequest.BodyPublisher body) {
        if (body != null) {
            request.POST(body);
        }
        request.header("Authorization", "Bearer " + tokens.computeIfAbsent(role, Tokens::forRole))
                .timeout(Duration.ofSeconds(30));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("X-Interaction-Id").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.build().uri() + " is not reachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
