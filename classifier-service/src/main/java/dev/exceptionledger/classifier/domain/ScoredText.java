package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.contracts.ConversationTurn;
import dev.exceptionledger.contracts.InteractionReceived;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one definition of what gets scored: subject, text, then what the customer said in earlier turns. The agent's
 * turns are left out: they describe the agent's view, and the classifier is meant to be independent of it.
 */
public final class ScoredText {
    private ScoredText() { }

    private static final Set<String> CUSTOMER_ROLES = Set.of("customer", "user");

    public static String of(InteractionReceived interaction) {
        List<String> parts = new ArrayList<>();
        add(parts, interaction.subject());
        add(parts, interaction.text());
        if (interaction.turns() != null) {
            for (ConversationTurn turn : interaction.turns()) {
                if (turn != null && turn.role() != null && CUSTOMER_ROLES.contains(turn.role().toLowerCase())) {
                    add(parts, turn.text());
                }
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to classify: subject, text and customer turns are all empty");
        }
        return String.join("\n", parts);
    }

    private static void add(List<String> parts, String value) {
        if (value != null && !value.isBlank()) {
            parts.add(value.strip());
        }
    }
}
