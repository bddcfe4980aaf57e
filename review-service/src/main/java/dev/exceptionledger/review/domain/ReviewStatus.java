package dev.exceptionledger.review.domain;

/** Where a review item stands. A later version adds claims between the two. */
public enum ReviewStatus {
    OPEN,
    DECIDED
}
