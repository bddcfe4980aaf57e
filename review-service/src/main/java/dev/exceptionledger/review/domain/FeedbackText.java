package dev.exceptionledger.review.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text a classifier feedback example carries: what the classifier scored (subject, text, then the customer's
 * earlier turns; the agent's turns are left out), taken from the packet's interaction.
 */
public final class FeedbackText {
    private FeedbackText() { }

    private static final Set<String> CUSTOMER_ROLES = Set.of("customer", "user");

    /** The text, or null when the packet carries no interaction. */
    public static String of(JsonNode packet) {
        JsonNode interaction = packet == null ? null : packet.path("classification").path("interaction");
        if (interaction == null || !interaction.isObject()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        add(parts, interaction.path("subject"));
        add(parts, interaction.path("text"));
        for (JsonNode turn : interaction.path("turns")) {
            if (CUSTOMER_ROLES.contains(turn.path("role").asText("").toLowerCase(Locale.ROOT))) {
                add(parts, turn.path("text"));
            }
        }
        return parts.isEmpty() ? null : String.join("\n", parts);
    }

    private static void add(List<String> parts, JsonNode value) {
        String text = value.asText("");
        if (!value.isNull() && !text.isBlank()) {
            parts.add(text.strip());
        }
    }
}
