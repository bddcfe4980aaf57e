package dev.exceptionledger.support;

import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;

/**
 * A database that is down, restarting or out of pooled connections is a passing condition, not bad input: a consumer
 * waits for it instead of dead-lettering what it could not store (a dead letter would take the event out of the
 * funnel for good), and an HTTP request is refused with a 503.
 */
public final class DatabaseOutage {
    private DatabaseOutage() { }

    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    /**
     * Whether a failure is the database being unavailable rather than a bug: the first SQLException in the chain has
     * no SQL state (the pool gave no connection in time) or a state of class 08 (connection exception), 53
     * (insufficient resources) or 57P (operator intervention: shutting down, terminated).
     */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57P");
            }
            // a failed commit: the transaction manager's RollbackException carries the driver's error as suppressed
            for (Throwable suppressed : t.getSuppressed()) {
                if (isCause(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs {@code work} (one whole transaction), again and again with a growing pause (up to 5 s) for as long as it
     * fails because the database is unavailable; any other failure is thrown at once.
     */
    public static void retry(String what, Runnable work) {
        long pauseMillis = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                return;
            } catch (RuntimeException e) {
                if (!isCause(e)) {
                    throw e;
                }
                LOG.warnf("%s: the database is unavailable (attempt %d, %s); retrying in %d ms", what, attempt,
                        e.getMessage(), pauseMillis);
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted while waiting for the database", e);
            }
            pauseMillis = Math.min(MAX_PAUSE.toMillis(), pauseMillis * 2);
        }
    }

    /**
     * Runs one turn of a periodic check; while the database is unavailable the turn is skipped with a warning (the
     * next one tries again) instead of an error with a stack trace every few seconds. Any other failure is thrown.
     */
    public static void skipWhileDown(String what, Runnable check) {
        try {
            check.run();
        } catch (RuntimeException e) {
            if (!isCause(e)) {
                throw e;
            }
            LOG.warnf("%s skipped: the database is unavailable (%s)", what, e.getMessage());
        }
    }
}
