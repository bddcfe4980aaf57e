package dev.exceptionledger.contracts;

/** A reviewer's judgement of a routed interaction. */
public enum Verdict {
    CONFIRMED,
    OVERTURNED,
    MISSED_OPPORTUNITY,
    WRONG_TEAM
}
