package dev.exceptionledger.contracts;

import java.time.Instant;
import java.util.List;

/**
 * An interaction handed to a human team, with what a reviewer needs to act on it.
 *
 * @param reasonCodes    e.g. LOW_CONFIDENCE, NOVEL, HIGH_VALUE, AGENT_BLIND_SPOT, POLICY_RULE
 * @param classification the scores, signals, nearest examples and the interaction itself
 * @param question       what the customer asked (subject and text), to read first
 * @param contact        who asked: title, company and its size say who it matters to
 * @param agentDecision  what the customer's agent did with it (shadow mode)
 * @param sla            the time the team has, ISO-8601 (e.g. PT1H); {@code slaDeadline} is when it ends
 */
public record HandoffRequested(
        String team,
        String priority,
        Instant slaDeadline,
        List<String> reasonCodes,
        String ruleId,
        String policyVersion,
        String explanation,
        InteractionClassified classification,
        String question,
        Contact contact,
        AgentDecision agentDecision,
        String sla) {

    public static final String TYPE = "HandoffRequested";

    /** The handoff without the packet's summary fields added later (kept for existing callers). */
    public HandoffRequested(String team, String priority, Instant slaDeadline, List<String> reasonCodes,
                            String ruleId, String policyVersion, String explanation,
                            InteractionClassified classification) {
        this(team, priority, slaDeadline, reasonCodes, ruleId, policyVersion, explanation, classification, null,
                null, null, null);
    }
}
