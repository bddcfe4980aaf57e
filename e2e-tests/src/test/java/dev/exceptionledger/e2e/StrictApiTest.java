package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every service answers like intake, driven by their OpenAPI documents: each operation with a JSON body refuses an
 * unknown field and a value of the wrong type with a 400 problem+json naming the field, in the caller's terms (no
 * Java type, no parser token); each operation answers a call without a token (401) and with a role it does not
 * admit (403) with a problem+json saying why.
 *
 * <p>Deliberate exceptions: bodies that are not JSON (routing's policy documents are YAML, intake's imports are
 * files), and intake's {@code POST /interactions}, which reads any media type itself ({@code *}{@code /*}, so its
 * document has no schema): it gets the unknown-field check, its own tests cover each field's type.
 */
@ExtendWith(LocalSuite.class)
class StrictApiTest {

    private static final String UNKNOWN = "zzUnknownProbe";
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{[^}]+}");
    /** What a message for people must not contain: Java's and Jackson's words. */
    private static final List<String> INTERNALS = List.of("java.", "JsonToken", "START_ARRAY", "START_OBJECT",
            "expected Instant", "expected Double", "Cannot deserialize", "`");

    private static final Map<String, String> tokens = new LinkedHashMap<>();
    private static final Map<Service, JsonNode> documents = new LinkedHashMap<>();
    private static List<Api.Operation> operations;
    private static Map<String, Api.Rule> rules;

    @BeforeAll
    static void documents() {
        Api.ROLES.forEach(role -> tokens.put(role, Tokens.forRole(role)));
        operations = Api.operations(tokens.get("reviewer"));
        rules = Api.rules();
        for (Service service : Service.values()) {
            HttpResponse<String> response = Api.send(HttpRequest.newBuilder(
                    URI.create(service.url("/q/openapi?format=json")))
                    .header("Authorization", "Bearer " + tokens.get("reviewer")));
            assertEquals(200, response.statusCode(), service.module + " OpenAPI: " + response.body());
            documents.put(service, Json.read(response.body(), JsonNode.class));
        }
    }

    @Test
    void everyJsonBodyRefusesUnknownFieldsAndWrongTypesNamingTheField() {
        List<String> failures = new ArrayList<>();
        List<String> covered = new ArrayList<>();
        List<String> exceptions = new ArrayList<>();
        int typeChecks = 0;
        for (Api.Operation operation : operations) {
            if (operation.requestType() == null) {
                continue;
            }
            boolean anyType = operation.requestType().contains("*");
            if (!operation.requestType().equals("application/json") && !isInteractions(operation)) {
                exceptions.add(operation.key() + " (" + operation.requestType() + ")");
                continue;
            }
            covered.add(operation.key());
            String token = tokens.get(rules.get(operation.key()).roles().iterator().next());

            ObjectNode unknown = JsonNodeFactory.instance.objectNode().put(UNKNOWN, 1);
            check(operation, token, unknown, UNKNOWN, failures);

            JsonNode schema = anyType ? null : schema(operation);
            if (!anyType && (schema == null || !schema.path("properties").isObject()
                    || schema.path("properties").isEmpty())) {
                failures.add(operation.key() + ": its OpenAPI document names no fields of its body");
                continue;
            }
            if (schema == null) {
                continue;
            }
            for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
                JsonNode wrong = wrongValue(resolve(operation.service(), property.getValue()));
                if (wrong == null) {
                    continue; // a free-form value: any JSON is of the right type
                }
                ObjectNode body = JsonNodeFactory.instance.objectNode().set(property.getKey(), wrong);
                check(operation, token, body, property.getKey(), failures);
                typeChecks++;
            }
        }
        System.out.printf("strict bodies: %d operations with a JSON body (%s), %d wrong-type checks; not JSON: %s%n",
                covered.size(), covered, typeChecks, exceptions);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(covered.size() >= 8, "the JSON operations of every service: " + covered);
        assertTrue(typeChecks >= covered.size(), "a wrong type for every field: " + typeChecks);
    }

    @Test
    void everyRefusalOfACallerIsAProblemSayingWhy() {
        List<String> failures = new ArrayList<>();
        int forbidden = 0;
        for (Api.Operation operation : operations) {
            Api.Rule rule = rules.get(operation.key());
            HttpResponse<String> anonymous = Api.probe(operation, rule, null);
            JsonNode problem = problem(anonymous);
            if (anonymous.statusCode() != 401 || problem == null
                    || !problem.path("detail").asText().contains("no access token")
                    || anonymous.headers().firstValue("WWW-Authenticate").isEmpty()) {
                failures.add(operation.key() + " without a token: " + anonymous.statusCode() + " "
                        + anonymous.headers().firstValue("Content-Type").orElse("") + " " + anonymous.body());
            }
            String outsider = Api.ROLES.stream().filter(r -> !rule.roles().contains(r)).findFirst().orElse(null);
            if (outsider == null) {
                continue; // every role may call it
            }
            forbidden++;
            HttpResponse<String> refused = Api.probe(operation, rule, tokens.get(outsider));
            JsonNode why = problem(refused);
            boolean namesRoles = why != null && rule.roles().stream()
                    .allMatch(role -> why.path("detail").asText().contains(role));
            if (refused.statusCode() != 403 || !namesRoles) {
                failures.add(operation.key() + " as " + outsider + ": " + refused.statusCode() + " " + refused.body());
            }
        }
        System.out.printf("refusals: %d operations without a token, %d with a role they do not admit%n",
                operations.size(), forbidden);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static boolean isInteractions(Api.Operation operation) {
        return operation.service() == Service.INTAKE && operation.path().equals("/interactions");
    }

    /** Sends {@code body}; the answer must be a 400 problem naming {@code field}, in the caller's terms. */
    private static void check(Api.Operation operation, String token, JsonNode body, String field,
                              List<String> failures) {
        Matcher parameters = PATH_PARAMETER.matcher(operation.path());
        String path = parameters.replaceAll(r -> "probe-" + UUID.randomUUID());
        HttpResponse<String> response = Api.send(HttpRequest.newBuilder(URI.create(operation.service().url(path)))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(operation.method(), HttpRequest.BodyPublishers.ofString(Json.write(body))));
        JsonNode problem = problem(response);
        String sent = operation.key() + " with " + Json.write(body);
        if (response.statusCode() != 400 || problem == null) {
            failures.add(sent + ": " + response.statusCode() + " " + response.body());
            return;
        }
        boolean named = false;
        for (JsonNode violation : problem.path("violations")) {
            named |= violation.path("field").asText().equals(field);
        }
        if (!named) {
            failures.add(sent + ": no violation names " + field + ": " + response.body());
        }
        for (String internal : INTERNALS) {
            if (response.body().contains(internal)) {
                failures.add(sent + ": the answer speaks Java (" + internal + "): " + response.body());
            }
        }
    }

    private static JsonNode problem(HttpResponse<String> response) {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return null;
        }
        JsonNode body = Json.read(response.body(), JsonNode.class);
        return body.path("detail").asText().isBlank() ? null : body;
    }

    /** The operation's request body schema, with its reference resolved. */
    private static JsonNode schema(Api.Operation operation) {
        JsonNode pathItem = documents.get(operation.service()).path("paths").path(operation.path());
        JsonNode schema = pathItem.path(operation.method().toLowerCase()).path("requestBody").path("content")
                .path("application/json").path("schema");
        return schema.isMissingNode() ? null : resolve(operation.service(), schema);
    }

    private static JsonNode resolve(Service service, JsonNode schema) {
        String ref = schema.path("$ref").asText();
        if (ref.isEmpty()) {
            JsonNode all = schema.path("allOf");
            return all.isArray() && all.size() == 1 ? resolve(service, all.get(0)) : schema;
        }
        return documents.get(service).path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** A value of another JSON type than the schema's, or null for a schema that admits any value. */
    private static JsonNode wrongValue(JsonNode schema) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (schema.path("type").asText(schema.has("properties") ? "object" : "")) {
            case "string" -> json.objectNode().put("text", "in an object");
            case "number", "integer" -> json.textNode("not a number");
            case "boolean" -> json.textNode("maybe");
            case "array" -> json.textNode("not an array");
            case "object" -> schema.has("properties") ? json.textNode("not an object") : null;
            default -> null;
        };
    }
}
