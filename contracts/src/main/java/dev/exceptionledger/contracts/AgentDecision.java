package dev.exceptionledger.contracts;

/**
 * What the customer's own AI agent decided (shadow mode).
 *
 * @param action e.g. answered, closed, deflected, escalated
 */
public record AgentDecision(String label, Double confidence, String action) { }
