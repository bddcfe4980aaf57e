package dev.exceptionledger.intake.persistence;

/**
 * The database did not serve the idempotency key in time (down, restarting, or no connection free; see
 * {@code DatabaseOutage}): nothing was accepted, the caller should retry with the same key.
 */
public class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(Throwable cause) {
        super("the database did not serve the idempotency key", cause);
    }
}
