package dev.exceptionledger.contracts;

/** One reason an input was refused: which field, and what to change. */
public record Violation(String field, String message) { }
