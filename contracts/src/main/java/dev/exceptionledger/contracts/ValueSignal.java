package dev.exceptionledger.contracts;

/**
 * A reason an interaction may be worth more than it looks.
 *
 * @param name     e.g. SENIOR_ROLE, LARGE_COMPANY, BUYING_SIGNAL, OFF_CHANNEL
 * @param evidence the words or the field that fired it, e.g. {@code title=CFO}
 * @param weight   its contribution to the value score
 */
public record ValueSignal(String name, String evidence, double weight) { }
