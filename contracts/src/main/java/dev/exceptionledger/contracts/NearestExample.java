package dev.exceptionledger.contracts;

/** A known taxonomy example close to the interaction, shown to explain a classification. */
public record NearestExample(String intent, String text, double similarity) { }
