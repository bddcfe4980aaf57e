package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.Violation;

import java.util.List;
import java.util.stream.Collectors;

/** A classification the policy cannot decide on; each violation names the field to fix. */
public class InvalidClassificationException extends IllegalArgumentException {

    private final transient List<Violation> violations;

    public InvalidClassificationException(List<Violation> violations) {
        super("invalid classification: " + violations.stream()
                .map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
