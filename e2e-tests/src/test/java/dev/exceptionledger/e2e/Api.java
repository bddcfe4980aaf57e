package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.Service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations of the running services as their OpenAPI documents list them, the access rules of
 * {@code access-rules.txt}, and harmless probe requests: each probe sends what the operation refuses after
 * authorization (an invalid body, an unknown id, an invalid parameter), so an allowed call changes nothing.
 */
final class Api {
    private Api() { }

    static final List<String> ROLES = List.of("intake", "reviewer", "compliance", "policy-admin", "subject-keys");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{[^}]+}");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** @param requestType the first media type of the request body in the OpenAPI document, or null without one */
    record Operation(Service service, String method, String path, String requestType) {
        String key() {
            return service.name() + " " + method + " " + path;
        }
    }

    /** @param probe a query string (without '?') the probe adds, or null */
    record Rule(Set<String> roles, String probe) { }

    /** Every operation of every service, read from {@code /q/openapi?format=json} (which itself needs a token). */
    static List<Operation> operations(String token) {
        List<Operation> operations = new ArrayList<>();
        for (Service service : Service.values()) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                    URI.create(service.url("/q/openapi?format=json"))).header("Authorization", "Bearer " + token));
            if (response.statusCode() != 200) {
                throw new AssertionError(service.module + " OpenAPI: " + response.statusCode() + " " + response.body());
            }
            JsonNode paths = Json.read(response.body(), JsonNode.class).path("paths");
            for (Map.Entry<String, JsonNode> path : paths.properties()) {
                for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                    if (!METHODS.contains(method.getKey())) {
                        continue;
                    }
                    Iterator<String> types = method.getValue().path("requestBody").path("content").fieldNames();
                    operations.add(new Operation(service, method.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                            types.hasNext() ? types.next() : null));
                }
            }
        }
        return operations;
    }

    /** The rule table, "SERVICE METHOD /path" → rule, in file order. */
    static Map<String, Rule> rules() {
        Map<String, Rule> rules = new LinkedHashMap<>();
        try (InputStream in = Api.class.getResourceAsStream("/access-rules.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String content = line.replaceFirst("#.*", "").strip();
                if (content.isEmpty()) {
                    continue;
                }
                String[] f = content.split("\\s+");
                if (f.length < 4 || f.length > 5) {
                    throw new IllegalStateException("access-rules.txt: SERVICE METHOD /path roles [probe]: " + line);
                }
                Set<String> roles = Set.of(f[3].split(","));
                if (!ROLES.containsAll(roles)) {
                    throw new IllegalStateException("access-rules.txt: unknown role in " + line);
                }
                Rule previous = rules.put(f[0] + " " + f[1] + " " + f[2], new Rule(roles, f.length == 5 ? f[4] : null));
                if (previous != null) {
                    throw new IllegalStateException("access-rules.txt: two rules for " + f[0] + " " + f[1] + " " + f[2]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rules;
    }

    /**
     * A harmless request for the operation: path parameters are ids that do not exist (and are not well-formed
     * where the service checks their form), a body is {@code []} (valid JSON, and YAML, that no operation accepts).
     *
     * @param bearer the token to send, or null for none
     */
    static HttpResponse<String> probe(Operation operation, Rule rule, String bearer) {
        Matcher parameters = PATH_PARAMETER.matcher(operation.path());
        String path = parameters.replaceAll(r -> "probe-" + UUID.randomUUID());
        if (rule != null && rule.probe() != null) {
            path += "?" + rule.probe();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(operation.service().url(path)));
        if (operation.requestType() != null) {
            String type = operation.requestType().contains("*") ? "application/json" : operation.requestType();
            request.header("Content-Type", type).method(operation.method(), HttpRequest.BodyPublishers.ofString("[]"));
        } else {
            request.method(operation.method(), HttpRequest.BodyPublishers.noBody());
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String form(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString();
    }
}
