package dev.exceptionledger.contracts;

/**
 * Why an interaction was decided as it was: the one vocabulary of the classifier's flags, the routing policy's
 * decisions, review's reroutes and audits. Events carry the names ({@code reasonCodes}, {@code flags}) as strings.
 */
public enum ReasonCode {
    /** The agent ended the conversation without a human, but it is worth one. */
    AGENT_BLIND_SPOT,
    /**
     * The value score is at or above the routing policy's {@code highValueMin}; among the classifier's flags only in
     * events written before the policy became the one owner of that threshold.
     */
    HIGH_VALUE,
    /**
     * Legal, regulatory, security-incident or reputational exposure, or an approach to the company itself (investors,
     * acquirers): its owner must see it, whoever sent it.
     */
    RISK,
    /** A large or senior account asks for something the agent cannot settle alone: buying, churn, outage, review. */
    KEY_ACCOUNT,
    /** Like no known intent: the novelty is above the calibrated threshold. */
    NOVEL,
    /** The classifier is not sure enough of the intent for the agent to handle it. */
    LOW_CONFIDENCE,
    /** A policy rule that names no reason of its own. */
    POLICY_RULE,
    /** A reviewer moved the handoff to the team that should have had it. */
    WRONG_TEAM,
    /** Drawn by the audit sample from what the agent handled or routing discarded. */
    AUDIT_SAMPLE,
    /** Drawn by the audit because the classifier found the agent-handled interaction novel. */
    AUDIT_NOVEL,
    /** Left to the agent by a policy rule. */
    ROUTINE,
    /** Discarded by a policy rule, for an intent the policy allows to be discarded. */
    DISCARDABLE_INTENT
}
