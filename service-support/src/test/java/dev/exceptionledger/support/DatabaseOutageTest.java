package dev.exceptionledger.support;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseOutageTest {

    @Test
    void aMissingConnectionOrADatabaseShuttingDownIsAnOutage() {
        assertTrue(DatabaseOutage.isCause(new RuntimeException(
                new SQLException("Acquisition timeout while waiting for new connection"))));
        assertTrue(DatabaseOutage.isCause(new IllegalStateException(
                new RuntimeException(new SQLException("Connection refused", "08001")))));
        assertTrue(DatabaseOutage.isCause(new SQLException("terminating connection due to administrator command", "57P01")));
    }

    @Test
    void aCommitThatFailedOnALostConnectionIsAnOutage() {
        // as Narayana reports it: the driver's error is suppressed on the RollbackException, not its cause
        RuntimeException rollback = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(new IllegalStateException("Error trying to transactionCommit local transaction",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        assertTrue(DatabaseOutage.isCause(new IllegalStateException(rollback)));
    }

    @Test
    void otherDatabaseErrorsAndOtherFailuresAreNot() {
        assertFalse(DatabaseOutage.isCause(new RuntimeException(new SQLException("syntax error", "42601"))));
        assertFalse(DatabaseOutage.isCause(new IllegalStateException("no database involved")));
    }

    @Test
    void aPeriodicCheckSkipsItsTurnWhileTheDatabaseIsDownButNotOnABug() {
        AtomicInteger turns = new AtomicInteger();
        DatabaseOutage.skipWhileDown("check", () -> {
            turns.incrementAndGet();
            throw new IllegalStateException("cannot read", new SQLException("the database system is starting up",
                    "57P03"));
        });
        assertEquals(1, turns.get());
        assertThrows(IllegalStateException.class, () -> DatabaseOutage.skipWhileDown("check", () -> {
            throw new IllegalStateException("no active taxonomy");
        }));
    }

    @Test
    void retriesWhileTheDatabaseIsDownAndThrowsAnythingElseAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        DatabaseOutage.retry("test", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new RuntimeException(new SQLException("Connection refused", "08001"));
            }
        });
        assertEquals(3, attempts.get());

        AtomicInteger bugs = new AtomicInteger();
        assertThrows(IllegalArgumentException.class, () -> DatabaseOutage.retry("test", () -> {
            bugs.incrementAndGet();
            throw new IllegalArgumentException("a bug");
        }));
        assertEquals(1, bugs.get());
    }
}
