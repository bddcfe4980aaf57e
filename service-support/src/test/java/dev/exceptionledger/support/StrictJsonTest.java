package dev.exceptionledger.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.exceptionledger.contracts.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrictJsonTest {

    enum Channel { EMAIL, CHAT }

    record Line(String text, Channel channel) { }

    record Outcome(String interactionId, Double value, Integer count, Instant occurredAt, List<Line> lines) { }

    private static Violation violation(String json) {
        return StrictJson.violation(assertThrows(JsonProcessingException.class,
                () -> StrictJson.read(json, Outcome.class), json));
    }

    @Test
    void anUnknownFieldIsNamedWithTheKnownOnesOrTheNearest() {
        Violation unknown = violation("{\"interactionId\": \"i-1\", \"amount\": 9000}");
        assertEquals("amount", unknown.field());
        assertEquals("unknown field 'amount': remove it (known fields here: count, interactionId, lines, "
                + "occurredAt, value)", unknown.message());

        assertEquals("unknown field 'occurred_at': did you mean 'occurredAt'?",
                violation("{\"occurred_at\": \"2026-01-31T09:30:00Z\"}").message());
        assertEquals("unknown field 'valeu': did you mean 'value'?", violation("{\"valeu\": 1}").message());
        Violation nested = violation("{\"lines\": [{\"txt\": \"a\"}]}");
        assertEquals("lines[0].txt", nested.field());
        assertEquals("unknown field 'txt': did you mean 'text'?", nested.message());
    }

    @Test
    void aWrongTypeNamesTheFieldAndShowsAValidValue() {
        assertEquals(new Violation("value", "value must be a number, e.g. 9000, not a string"),
                violation("{\"value\": \"lots\"}"));
        // nothing is coerced: a number in quotes is a string
        assertEquals("value", violation("{\"value\": \"9000\"}").field());
        assertEquals(new Violation("occurredAt", "occurredAt must be an ISO-8601 instant, e.g. 2026-01-31T09:30:00Z"),
                violation("{\"occurredAt\": \"yesterday\"}"));
        assertEquals("count must be a whole number, e.g. 20, not a decimal number",
                violation("{\"count\": 1.5}").message());
        assertEquals("interactionId must be a string, e.g. \"text\", not a number",
                violation("{\"interactionId\": 7}").message());
        assertEquals("interactionId must be a string, e.g. \"text\", not an array",
                violation("{\"interactionId\": [\"a\", \"b\"]}").message());
        assertEquals("occurredAt must be an ISO-8601 instant, e.g. 2026-01-31T09:30:00Z",
                violation("{\"occurredAt\": 5}").message());
        assertEquals(new Violation("lines[0].channel", "lines[0].channel must be one of EMAIL, CHAT"),
                violation("{\"lines\": [{\"channel\": \"fax\"}]}"));
    }

    @Test
    void theBodyItselfSaysWhatItMustBe() {
        Violation array = violation("[]");
        assertEquals("$", array.field());
        assertTrue(array.message().startsWith("the body must be an object with the fields "), array.message());
        assertTrue(violation("{\"value\": 1} {}").message().contains("more after its JSON value"));
        assertTrue(violation("{\"value\": ").message().startsWith("the body is not valid JSON at line 1"));
        assertTrue(violation("{\"value\": 1, \"value\": 2}").message().contains("Duplicate field 'value'"));
    }

    /** A rejection's detail is recorded and answered in clear: it names the field and what to send, never the value. */
    @Test
    void noMessageQuotesWhatWasSent() {
        String secret = "Zqdana7Secret";
        for (String json : List.of(
                "{\"value\": \"" + secret + "\"}",
                "{\"occurredAt\": \"" + secret + "\"}",
                "{\"count\": \"" + secret + "\"}",
                "{\"lines\": [{\"channel\": \"" + secret + "\"}]}",
                "{\"interactionId\": " + secret + "}",
                "{\"interactionId\": \"a\", " + secret + "}",
                "{\"value\": 1" + secret + "}",
                "{\"count\": 98765432109876543210}",
                "{\"interactionId\": \"" + secret + "\" \"" + secret + "\"}",
                secret)) {
            String message = violation(json).message();
            assertFalse(message.contains(secret) || message.contains("Zqdana") || message.contains("98765"),
                    json + ": " + message);
        }
        assertEquals("the body is not valid JSON at line 1, column 19: a word that is not JSON (text must be in "
                + "double quotes; the only bare words are true, false and null)",
                violation("{\"interactionId\": " + secret + "}").message());
    }

    @Test
    void noMessageNamesJavaTypesOrParserTokens() {
        for (String json : List.of("[]", "{\"interactionId\": [\"a\"]}", "{\"value\": {}}", "{\"occurredAt\": 5}",
                "{\"lines\": {}}", "{\"lines\": [1]}", "{\"count\": \"x\"}", "{\"lines\": [{\"channel\": 3}]}")) {
            String message = violation(json).message();
            for (String internal : List.of("java.", "JsonToken", "START_", "Instant`", "expected ", "`")) {
                assertFalse(message.contains(internal), json + ": " + message);
            }
        }
    }
}
