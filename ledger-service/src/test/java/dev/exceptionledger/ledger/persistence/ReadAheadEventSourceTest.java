package dev.exceptionledger.ledger.persistence;

import dev.exceptionledger.ledger.persistence.ReadAheadEventSource.ReadAheadStream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadAheadEventSourceTest {

    @Test
    void handsOutEveryEventInOrderAndPeekWaitsForTheReader() throws Exception {
        // a slow source: peek must wait for the next event rather than end the processor's batch early
        Source source = new Source(50, 2, null);
        try (ReadAheadStream stream = new ReadAheadStream(source, "test-reader", 8)) {
            List<Object> payloads = new ArrayList<>();
            List<Object> expected = new ArrayList<>();
            while (stream.peek().isPresent()) {
                Object peeked = stream.peek().get().getPayload();
                assertEquals(peeked, stream.nextAvailable().getPayload());
                payloads.add(peeked);
                expected.add("event-" + expected.size());
            }
            assertEquals(expected, payloads);
            assertEquals(50, payloads.size());
            assertFalse(stream.hasNextAvailable(50, TimeUnit.MILLISECONDS));
            assertTrue(source.decodedOffTheCallersThread.get(), "payloads are decoded by the reader");
        }
        assertTrue(source.closed.get());
    }

    @Test
    void aFailureOfTheStoreComesAfterWhatWasReadBeforeIt() throws Exception {
        Source source = new Source(3, 0, new IllegalStateException("PostgreSQL is gone"));
        try (ReadAheadStream stream = new ReadAheadStream(source, "test-reader", 8)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("event-" + i, stream.nextAvailable().getPayload());
            }
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> stream.hasNextAvailable(1, TimeUnit.SECONDS));
            assertEquals("PostgreSQL is gone", failure.getMessage());
        }
    }

    @Test
    void closingStopsAReaderThatIsAheadAndClosesTheStore() throws Exception {
        Source source = new Source(1_000, 0, null);
        ReadAheadStream stream = new ReadAheadStream(source, "test-reader", 4);
        assertEquals("event-0", stream.nextAvailable().getPayload());
        stream.close();
        assertTrue(source.closed.get());
        assertTrue(source.read.get() <= 6, "read at most the queue's capacity ahead: " + source.read.get());
    }

    /** A store's stream of {@code count} events, each {@code delayMillis} apart, then nothing or a failure. */
    private static final class Source implements BlockingStream<TrackedEventMessage<?>> {
        private final int count;
        private final int delayMillis;
        private final RuntimeException failure;
        private final Thread caller = Thread.currentThread();
        private final Semaphore unused = new Semaphore(0);
        final AtomicInteger read = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicBoolean decodedOffTheCallersThread = new AtomicBoolean();

        Source(int count, int delayMillis, RuntimeException failure) {
            this.count = count;
            this.delayMillis = delayMillis;
            this.failure = failure;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            throw new UnsupportedOperationException("only the reader reads the store's stream");
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (read.get() < count) {
                Thread.sleep(delayMillis);
                return true;
            }
            if (failure != null) {
                throw failure;
            }
            // nothing more: wait as the store's stream does
            unused.tryAcquire(timeout, unit);
            return false;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            int position = read.getAndIncrement();
            return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(position),
                    new GenericEventMessage<>("event-" + position) {
                        @Override
                        public String getPayload() {
                            decodedOffTheCallersThread.compareAndSet(false, Thread.currentThread() != caller);
                            return super.getPayload();
                        }
                    });
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
