package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.ReasonCode;

import java.time.Duration;

/**
 * What a rule does when it applies.
 *
 * @param team       for ESCALATE and REROUTE: a team, or {@link #INTENT_TEAM} for the team owning the intent
 * @param priority   for ESCALATE and REROUTE: a priority of the policy's {@code sla}
 * @param sla        the rule's own time to respond, overriding the priority's; null for the priority's
 * @param reason     for DISCARD: why (recorded on the routed event)
 * @param reasonCode for ESCALATE and REROUTE: the main reason code, e.g. HIGH_VALUE (POLICY_RULE when omitted)
 */
public record Action(Type type, String team, String priority, Duration sla, String reason, ReasonCode reasonCode) {

    public static final String INTENT_TEAM = "$intent";

    public enum Type { AGENT, ESCALATE, REROUTE, DISCARD }

    /** Whether the action keeps the interaction from a human: the guardrails apply to these. */
    public boolean withoutHuman() {
        return type == Type.AGENT || type == Type.DISCARD;
    }

    public String describe() {
        return switch (type) {
            case AGENT -> "AGENT";
            case DISCARD -> "DISCARD(" + reason + ")";
            case ESCALATE -> "ESCALATE(" + team + ", " + priority + (sla == null ? "" : ", " + sla) + ")";
            case REROUTE -> "REROUTE(" + team + ", " + priority + ")";
        };
    }
}
