package dev.exceptionledger.review.messaging;

/** The broker did not acknowledge an event: the transaction rolled back, nothing was recorded, the caller may retry. */
public class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
