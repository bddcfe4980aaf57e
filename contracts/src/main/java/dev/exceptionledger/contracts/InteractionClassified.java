package dev.exceptionledger.contracts;

import java.util.List;

/**
 * The classifier's independent view of an interaction.
 *
 * @param confidence     probability-like confidence in {@code intent}, 0..1
 * @param novelty        0 (just like known examples) .. 1 (like nothing known): the share of held-out routine
 *                       examples less novel than this one
 * @param novel          novelty above the calibrated threshold
 * @param valueScore     0..1, from {@code valueSignals}; whether that is high value is the routing policy's to say
 *                       (its {@code highValueMin})
 * @param agentMayHandle the taxonomy lets the agent handle this intent
 * @param team           the human team that owns this intent
 * @param agentDisagrees the agent's own label differs from {@code intent} (shadow mode)
 * @param reasons        readable reasons for the scores
 * @param interaction    what was classified, so later stages have the full context
 * @param flags          NOVEL, AGENT_BLIND_SPOT: the exception signals that fired (HIGH_VALUE only in events of
 *                       classifiers that had a high-value threshold of their own)
 * @param noveltyDetail  the novelty score, its calibrated threshold and its components
 * @param shadow         the agent's decision next to ours, when intake carried one (else null)
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
        InteractionReceived interaction,
        List<String> flags,
        NoveltyDetail noveltyDetail,
        ShadowComparison shadow) {

    public static final String TYPE = "InteractionClassified";

    /** Without the fields added later (flags, novelty detail, shadow comparison), as older producers wrote it. */
    public InteractionClassified(String intent, double confidence, double novelty, boolean novel, double valueScore,
                                 List<ValueSignal> valueSignals, boolean agentMayHandle, String team,
                                 boolean agentDisagrees, List<String> reasons, List<NearestExample> nearest,
                                 String modelVersion, String taxonomyVersion, InteractionReceived interaction) {
        this(intent, confidence, novelty, novel, valueScore, valueSignals, agentMayHandle, team, agentDisagrees,
                reasons, nearest, modelVersion, taxonomyVersion, interaction, null, null, null);
    }
}
