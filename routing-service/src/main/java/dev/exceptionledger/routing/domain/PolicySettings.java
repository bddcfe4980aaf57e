package dev.exceptionledger.routing.domain;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The thresholds of a routing policy, checked once so that a bad configuration stops the service at start.
 *
 * @param discardIntents   intents that may be discarded when the classifier is sure enough
 * @param blindSpotActions the agent's actions that end a conversation without a human
 * @param defaultTeam      the team for interactions whose intent is too uncertain to pick a team by
 * @param sla              time to first human response per priority; P1, P2 and P3 are required
 */
public record PolicySettings(
        String version,
        double agentMinConfidence,
        double highValueMin,
        Set<String> discardIntents,
        double discardMinConfidence,
        Set<String> blindSpotActions,
        String defaultTeam,
        Map<String, Duration> sla) {

    static final List<String> PRIORITIES = List.of("P1", "P2", "P3");

    public PolicySettings {
        require(version != null && !version.isBlank(), "version is required");
        require(defaultTeam != null && !defaultTeam.isBlank(), "default-team is required");
        requireFraction("agent-min-confidence", agentMinConfidence);
        requireFraction("high-value-min", highValueMin);
        requireFraction("discard-min-confidence", discardMinConfidence);
        sla = Map.copyOf(sla);
        for (String priority : PRIORITIES) {
            Duration duration = sla.get(priority);
            require(duration != null && !duration.isNegative() && !duration.isZero(),
                    "sla." + priority + " must be a positive duration, e.g. PT4H");
        }
        discardIntents = Set.copyOf(discardIntents);
        // the agent's action is free text from another system: compare it case-insensitively
        blindSpotActions = Set.copyOf(blindSpotActions.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList());
    }

    private static void requireFraction(String name, double value) {
        require(value >= 0 && value <= 1, name + " must be between 0 and 1, was " + value);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("routing policy: " + message);
        }
    }
}
