package dev.exceptionledger.intake.messaging;

import dev.exceptionledger.intake.persistence.DatabaseUnavailableException;
import dev.exceptionledger.support.SubjectKeysUnavailableException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An inbound record waits out an outage instead of going, in clear, to the dead letters. */
class InboundOutagesTest {

    @Test
    void anOutageOfTheDatabaseTheBrokerOrTheKeyStoreIsWaitedOutWithGrowingPauses() {
        List<RuntimeException> outages = List.of(new DatabaseUnavailableException(new SQLException("down", "08006")),
                new BrokerUnavailableException(new IllegalStateException("no ack")),
                new SubjectKeysUnavailableException("the ledger is down", null));
        AtomicInteger attempts = new AtomicInteger();
        List<Long> pauses = new ArrayList<>();
        String outcome = InboundConsumer.waitingOutOutages(() -> {
            int attempt = attempts.getAndIncrement();
            if (attempt < 7) {
                throw outages.get(attempt % outages.size());
            }
            return "received";
        }, pauses::add);

        assertEquals("received", outcome);
        assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L), pauses);
    }

    @Test
    void anyOtherFailureIsThrownAtOnce() {
        List<Long> pauses = new ArrayList<>();
        assertThrows(IllegalArgumentException.class, () -> InboundConsumer.waitingOutOutages(() -> {
            throw new IllegalArgumentException("a bug");
        }, pauses::add));
        assertEquals(List.of(), pauses);
    }
}
