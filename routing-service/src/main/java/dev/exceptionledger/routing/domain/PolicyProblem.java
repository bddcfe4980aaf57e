package dev.exceptionledger.routing.domain;

/**
 * One thing wrong with a policy document.
 *
 * @param line    1-based line in the YAML document (0 when the document as a whole is meant)
 * @param path    where in the document, e.g. {@code rules[3].when}
 * @param message what is wrong and what to change
 */
public record PolicyProblem(int line, String path, String message) { }
