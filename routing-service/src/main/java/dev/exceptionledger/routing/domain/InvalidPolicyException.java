package dev.exceptionledger.routing.domain;

import java.util.List;
import java.util.stream.Collectors;

/** A policy document that must not be activated; every problem names its line and what to change. */
public class InvalidPolicyException extends IllegalArgumentException {

    private final transient List<PolicyProblem> problems;

    public InvalidPolicyException(List<PolicyProblem> problems) {
        super("invalid routing policy: " + problems.stream()
                .map(p -> "line " + p.line() + ": " + p.message()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
