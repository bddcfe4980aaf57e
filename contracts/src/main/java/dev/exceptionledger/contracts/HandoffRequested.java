package dev.exceptionledger.contracts;

import java.time.Instant;
import java.util.List;

/**
 * An interaction handed to a human team, with what a reviewer needs to act on it.
 *
 * @param reasonCodes    e.g. LOW_CONFIDENCE, NOVEL, HIGH_VALUE, AGENT_BLIND_SPOT, POLICY_RULE
 * @param classification the scores, signals, nearest examples and the interaction itself
 */
public record HandoffRequested(
        String team,
        String priority,
        Instant slaDeadline,
        List<String> reasonCodes,
        String ruleId,
        String policyVersion,
        String explanation,
        InteractionClassified classification) {

    public static final String TYPE = "HandoffRequested";
}
