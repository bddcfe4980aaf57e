package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.Violation;

import java.util.List;

/** A request that cannot be served as sent; each violation names a field and what to change. */
public class InvalidRequestException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRequestException(String detail, List<Violation> violations) {
        super(detail);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
