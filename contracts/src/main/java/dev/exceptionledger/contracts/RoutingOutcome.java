package dev.exceptionledger.contracts;

/** Where an interaction went; each is a funnel stage. */
public enum RoutingOutcome {
    AGENT_HANDLED,
    ESCALATED,
    REROUTED,
    DISCARDED
}
