package dev.exceptionledger.contracts;

import java.util.List;

/**
 * Shadow mode: what the customer's own agent decided next to what the classifier found.
 *
 * @param agentLabel      the agent's label, as sent
 * @param agentAction     the agent's action, as sent (e.g. closed, resolved, handed_off)
 * @param agentConfidence the agent's own confidence, if sent
 * @param ourIntent       the classifier's intent
 * @param ourConfidence   the classifier's calibrated confidence in it
 * @param agrees          the agent's label names our intent (compared lower-case, spaces and dashes as {@code _},
 *                        by the intent's name or one of the taxonomy's agent labels for it)
 * @param blindSpot       AGENT_BLIND_SPOT: the agent closed, deflected or answered something novel (in older events
 *                        also something high-value: that is the routing policy's to find now, by its threshold)
 * @param evidence        readable reasons for {@code blindSpot}
 * @param agentIntent     the intent of our taxonomy that the agent's label names, or null when it names none
 */
public record ShadowComparison(String agentLabel, String agentAction, Double agentConfidence, String ourIntent,
                               double ourConfidence, boolean agrees, boolean blindSpot, List<String> evidence,
                               String agentIntent) { }
