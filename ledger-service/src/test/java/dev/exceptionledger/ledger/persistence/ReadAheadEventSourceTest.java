package dev.exceptionledger.ledger.persistence;

import dev.exceptionledger.ledger.persistence.ReadAheadEventSource.ReadAheadStream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadAheadEventSourceTest {

    @Test
    void handsOutEveryEventInOrder() throws Exception {
        Source source = new Source(50, null);
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
            assertFalse(stream.hasNextAvailable(50, TimeUnit.MILLISECONDS));
            assertTrue(source.decodedOffTheCallersThread.get(), "payloads are decoded by the reader");
        }
        assertTrue(source.closed.get());
    }

    @Test
    void peekWaitsWhileTheReaderIsFetchingSoBatchesStayFull() throws Exception {
        // the store's stream holds each event back until the test lets it through, like a page being fetched
        Source source = new Source(2, null, new Semaphore(1));
        try (ReadAheadStream stream = new ReadAheadStream(source, "test-reader", 8)) {
            assertEquals("event-0", stream.nextAvailable().getPayload());

            CompletableFuture<Optional<TrackedEventMessage<?>>> peeked = CompletableFuture.supplyAsync(stream::peek);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !peeked.isDone());
            source.gate.release();
            assertEquals("event-1", peeked.get(2, TimeUnit.SECONDS).orElseThrow().getPayload());

            stream.nextAvailable();
            // nothing more in the store: peek says so rather than waiting
            await().atMost(Duration.ofSeconds(2)).until(() -> stream.peek().isEmpty());
        }
    }

    @Test
    void aFailureOfTheStoreComesAfterWhatWasReadBeforeIt() throws Exception {
        Source source = new Source(3, new IllegalStateException("PostgreSQL is gone"));
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
        Source source = new Source(1_000, null);
        ReadAheadStream stream = new ReadAheadStream(source, "test-reader", 4);
        assertEquals("event-0", stream.nextAvailable().getPayload());
        stream.close();
        assertTrue(source.closed.get());
        assertTrue(source.read.get() <= 6, "read at most the queue's capacity ahead: " + source.read.get());
    }

    /** A store's stream of {@code count} events, each let through by {@code gate} if any, then nothing or a failure. */
    private static final class Source implements BlockingStream<TrackedEventMessage<?>> {
        private final int count;
        private final RuntimeException failure;
        private final Thread caller = Thread.currentThread();
        private final Semaphore nothingMore = new Semaphore(0);
        final Semaphore gate;
        final AtomicInteger read = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicBoolean decodedOffTheCallersThread = new AtomicBoolean();

        Source(int count, RuntimeException failure) {
            this(count, failure, null);
        }

        Source(int count, RuntimeException failure, Semaphore gate) {
            this.count = count;
            this.failure = failure;
            this.gate = gate;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            throw new UnsupportedOperationException("only the reader reads the store's stream");
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (read.get() < count) {
                if (gate != null) {
                    gate.acquire();
                }
                return true;
            }
            if (failure != null) {
                throw failure;
            }
            // nothing more: wait as the store's stream does
            nothingMore.tryAcquire(timeout, unit);
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
