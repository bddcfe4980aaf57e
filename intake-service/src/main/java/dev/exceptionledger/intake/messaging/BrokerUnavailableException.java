package dev.exceptionledger.intake.messaging;

/** The broker did not acknowledge an event in time: nothing was accepted, the caller should retry. */
public class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(Throwable cause) {
        super("the event broker did not acknowledge the event", cause);
    }
}
