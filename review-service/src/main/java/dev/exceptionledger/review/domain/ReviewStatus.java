package dev.exceptionledger.review.domain;

/** Where a review item stands. A claim is not a status: it expires by itself, and the item stays OPEN. */
public enum ReviewStatus {
    OPEN,
    DECIDED
}
