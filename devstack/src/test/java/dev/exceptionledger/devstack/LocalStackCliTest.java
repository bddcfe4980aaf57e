package dev.exceptionledger.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class LocalStackCliTest {

    @Test
    void givesEachRunOfTheDemoItsOwnExternalIds() {
        String run = LocalStackCli.runPrefix(Instant.parse("2025-01-31T12:00:05Z"));
        assertEquals("demo-r20250131-120005-", run);
        assertNotEquals(run, LocalStackCli.runPrefix(Instant.parse("2025-01-31T12:00:06Z")));

        JsonNode moved = Json.read(LocalStackCli.inRun(
                "{\"channel\":\"chat\",\"text\":\"Hi\",\"contact\":{\"email\":\"a@example.com\"},\"externalId\":\"demo-011\"}",
                run), JsonNode.class);
        assertEquals("demo-r20250131-120005-011", moved.path("externalId").asText());
        assertEquals("Hi", moved.path("text").asText());
        assertEquals("a@example.com", moved.path("contact").path("email").asText());
    }

    @Test
    void sendsALineWithoutAnExternalIdAsWritten() {
        String line = "{\"channel\":\"chat\",\"text\":\"Hi\"}";
        assertEquals(line, LocalStackCli.inRun(line, "demo-r20250131-120005-"));
    }
}
