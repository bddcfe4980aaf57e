package dev.exceptionledger.contracts;

import java.util.List;

/**
 * The classifier's independent view of an interaction.
 *
 * @param confidence     probability-like confidence in {@code intent}, 0..1
 * @param novelty        0 (just like known examples) .. 1 (like nothing known)
 * @param novel          novelty above the calibrated threshold
 * @param valueScore     0..1, from {@code valueSignals}
 * @param agentMayHandle the taxonomy lets the agent handle this intent
 * @param team           the human team that owns this intent
 * @param agentDisagrees the agent's own label differs from {@code intent} (shadow mode)
 * @param reasons        readable reasons for the scores
 * @param interaction    what was classified, so later stages have the full context
 */
public record InteractionClassified(
        String intent,
        double confidence,
        double novelty,
        boolean novel,
        double valueScore,
        List<ValueSignal> valueSignals,
        boolean agentMayHandle,
        String team,
        boolean agentDisagrees,
        List<String> reasons,
        List<NearestExample> nearest,
        String modelVersion,
        String taxonomyVersion,
        InteractionReceived interaction) {

    public static final String TYPE = "InteractionClassified";
}
