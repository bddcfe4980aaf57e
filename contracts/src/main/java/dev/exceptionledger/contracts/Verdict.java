package dev.exceptionledger.contracts;

/** A reviewer's judgement of a routed interaction. */
public enum Verdict {
    CONFIRMED,
    OVERTURNED,
    MISSED_OPPORTUNITY,
    WRONG_TEAM,
    /** The escalation was not needed: the agent could have handled it (only for what a handoff escalated). */
    UNNECESSARY
}
