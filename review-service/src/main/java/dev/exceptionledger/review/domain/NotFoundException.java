package dev.exceptionledger.review.domain;

/** The request names something this service does not know (a review item, an interaction): answered with a 404. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String detail) {
        super(detail);
    }
}
