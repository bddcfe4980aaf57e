package dev.exceptionledger.routing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.exceptionledger.routing.domain.Webhooks;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * What routing talks to over HTTP besides our services, on one local port: the ledger's replay (serving the
 * recorded fixture ledger/classified.ndjson, filtered by from/to, only with a bearer token) and two team webhooks,
 * one failing twice before it accepts, one always down. {@code GET /hooks/log?eventId=} tells tests how often a webhook
 * was called, {@code GET /hooks/body?eventId=} what it received last. Tests reach it over HTTP only (test resources live in another class loader than the tests).
 */
public class FakeEndpoints implements QuarkusTestResourceLifecycleManager {

    static final String FLAKY_SECRET = "flaky-secret";
    static final String DOWN_SECRET = "down-secret";

    private record Log(AtomicInteger attempts, AtomicInteger validSignatures, AtomicInteger delivered,
                       AtomicReference<String> lastBody) { }

    private final Map<String, Log> logs = new ConcurrentHashMap<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/ledger/replay", this::replay);
        server.createContext("/hooks/flaky", exchange -> hook(exchange, FLAKY_SECRET, 2));
        server.createContext("/hooks/down", exchange -> hook(exchange, DOWN_SECRET, Integer.MAX_VALUE));
        server.createContext("/hooks/log", this::log);
        server.createContext("/hooks/body", this::body);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "fake.endpoints.url", url,
                "routing.ledger.url", url,
                "routing.webhook.attempts", "3",
                "routing.webhook.initial-backoff", "PT0.05S",
                "routing.webhook.timeout", "PT2S",
                "routing.webhook.teams.hooks-flaky.url", url + "/hooks/flaky",
                "routing.webhook.teams.hooks-flaky.secret", FLAKY_SECRET,
                "routing.webhook.teams.hooks-down.url", url + "/hooks/down?token=not-in-the-ledger",
                "routing.webhook.teams.hooks-down.secret", DOWN_SECRET);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void replay(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || auth.length() < 20) {
            respond(exchange, 401, "{\"title\":\"Unauthorized\"}");
            return;
        }
        Map<String, String> query = query(exchange);
        Instant from = Instant.parse(query.get("from"));
        Instant to = Instant.parse(query.get("to"));
        String body;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("ledger/classified.ndjson")) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> {
                Instant at = Instant.parse(line.replaceAll(".*\"occurredAt\":\"([^\"]+)\".*", "$1"));
                return !at.isBefore(from) && at.isBefore(to) && line.contains("\"type\":\"" + query.get("type") + "\"");
            }).collect(Collectors.joining("\n", "", "\n"));
        }
        respond(exchange, 200, body);
    }

    private void hook(HttpExchange exchange, String secret, int failures) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String eventId = exchange.getRequestHeaders().getFirst(Webhooks.EVENT_ID_HEADER);
        Log log = logs.computeIfAbsent(String.valueOf(eventId),
                id -> new Log(new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicReference<>()));
        log.lastBody().set(body);
        int attempt = log.attempts().incrementAndGet();
        if (Webhooks.signature(secret, body).equals(exchange.getRequestHeaders().getFirst(Webhooks.SIGNATURE_HEADER))
                && body.contains(String.valueOf(eventId))) {
            log.validSignatures().incrementAndGet();
        }
        if (attempt <= failures) {
            respond(exchange, 503, "busy");
            return;
        }
        log.delivered().incrementAndGet();
        respond(exchange, 204, null);
    }

    private void log(HttpExchange exchange) throws IOException {
        Log log = logs.get(query(exchange).get("eventId"));
        respond(exchange, 200, log == null ? "{\"attempts\":0,\"validSignatures\":0,\"delivered\":0}"
                : "{\"attempts\":" + log.attempts() + ",\"validSignatures\":" + log.validSignatures()
                        + ",\"delivered\":" + log.delivered() + "}");
    }

    /** The body a webhook last received for an event, as it came. */
    private void body(HttpExchange exchange) throws IOException {
        Log log = logs.get(query(exchange).get("eventId"));
        respond(exchange, log == null ? 404 : 200, log == null ? null : log.lastBody().get());
    }

    private static Map<String, String> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        return raw == null ? Map.of() : Arrays.stream(raw.split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p.length > 1 ? p[1] : "",
                        StandardCharsets.UTF_8)));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body != null && body.startsWith("{")
                && !body.contains("\n") ? "application/json" : "application/x-ndjson");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
