package dev.exceptionledger.routing.client;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.routing.domain.Backtest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads recorded classifications from the ledger's replay ({@code GET /ledger/replay?from&to&type}, NDJSON: one
 * event per line with its envelope fields, payload, position and hash), streaming: a line is parsed when the
 * backtest asks for it. The caller's bearer token is passed on, so the ledger applies the caller's own rights.
 */
@ApplicationScoped
public class LedgerReplay {

    /** The ledger answered with an error or something that is not its replay. */
    public static class LedgerException extends RuntimeException {
        public LedgerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI ledger;
    // HTTP/1.1: the JDK client's default h2c upgrade garbled a 2 MB answer of a Quarkus service (CI, 2026-12-07)
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public LedgerReplay(@ConfigProperty(name = "routing.ledger.url") URI ledger) {
        this.ledger = ledger;
    }

    /** Hands the range's classifications to {@code use} as they arrive; the connection closes when it returns. */
    public <T> T classified(Instant from, Instant to, String bearerToken, Function<Iterator<Backtest.Recorded>, T> use) {
        URI uri = ledger.resolve("/ledger/replay?from=" + encode(from.toString()) + "&to=" + encode(to.toString())
                + "&type=" + InteractionClassified.TYPE);
        HttpRequest request = HttpRequest.newBuilder(uri).GET()
                .header("Accept", "application/x-ndjson")
                .header("Authorization", "Bearer " + bearerToken)
                .build();
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new LedgerException("the ledger at " + ledger + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while calling the ledger", e);
        }
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw new LedgerException("the ledger's replay answered " + response.statusCode() + ": "
                        + String.join(" ", lines.limit(5).toList()), null);
            }
            return use.apply(lines.filter(line -> !line.isBlank()).map(LedgerReplay::recorded)
                    .filter(r -> r != null).iterator());
        }
    }

    /** A replay line: the envelope's fields, plus position and hash. */
    public static Backtest.Recorded recorded(String line) {
        try {
            EventEnvelope envelope = Json.readEnvelope(line);
            if (!InteractionClassified.TYPE.equals(envelope.type())) {
                return null;
            }
            return new Backtest.Recorded(envelope.interactionId(), envelope.eventId().toString(),
                    envelope.occurredAt(), envelope.payloadAs(InteractionClassified.class));
        } catch (RuntimeException e) {
            // never skip silently: a backtest over a partly unreadable history would report wrong counts
            throw new LedgerException("unreadable line in the ledger's replay: "
                    + line.substring(0, Math.min(200, line.length())), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
