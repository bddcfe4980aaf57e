package dev.exceptionledger.contracts;

/**
 * A known taxonomy example close to the interaction, shown to explain a classification.
 *
 * @param text null for an example learned from a reviewer's correction: another person's words, never quoted
 */
public record NearestExample(String intent, String text, double similarity) { }
