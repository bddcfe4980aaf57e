package dev.exceptionledger.review.domain;

/** The request contradicts the current state (someone else's live claim, a final verdict): answered with a 409. */
public class ConflictException extends RuntimeException {
    public ConflictException(String detail) {
        super(detail);
    }
}
