package dev.exceptionledger.ledger.persistence;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The event store as a projection's tracking processor reads it: every stream it opens is read ahead by a thread of
 * its own, which also deserialises each event. Without it a rebuild is one thread that waits for each page of the
 * store, decodes it, handles it and waits for its commit; with it the store's queries and the decoding overlap the
 * handling and the commits. What a stream has read ahead is at most {@code capacity} events.
 */
public final class ReadAheadEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final String name;
    private final int capacity;

    public ReadAheadEventSource(StreamableMessageSource<TrackedEventMessage<?>> store, String name, int capacity) {
        this.store = store;
        this.name = name;
        this.capacity = capacity;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        return new ReadAheadStream(store.openStream(token), "ReadAhead[" + name + "]", capacity);
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    /**
     * One reader thread fills a bounded queue from the store's stream; the processor takes from the queue. Like the
     * store's own stream, {@link #peek} waits while the reader is fetching, so batches stay full, and says "nothing"
     * only when the store had nothing more.
     */
    static final class ReadAheadStream implements BlockingStream<TrackedEventMessage<?>> {
        private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

        private final BlockingStream<TrackedEventMessage<?>> source;
        private final BlockingQueue<TrackedEventMessage<?>> ahead;
        private final Thread reader;
        /** Taken from the queue, not yet handed out. Only the processor's thread touches it. */
        private TrackedEventMessage<?> next;
        /** The store's stream had nothing more when the reader last asked. */
        private volatile boolean drained;
        private volatile RuntimeException failure;
        private volatile boolean closed;

        ReadAheadStream(BlockingStream<TrackedEventMessage<?>> source, String threadName, int capacity) {
            this.source = source;
            this.ahead = new ArrayBlockingQueue<>(capacity);
            this.reader = new Thread(this::readAhead, threadName);
            reader.setDaemon(true);
            reader.start();
        }

        private void readAhead() {
            try {
                while (!closed) {
                    if (source.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
                        drained = false;
                        TrackedEventMessage<?> message = source.nextAvailable();
                        message.getPayload(); // decoded here rather than on the processor's thread
                        ahead.put(message);
                    } else {
                        drained = true;
                    }
                }
            } catch (InterruptedException e) {
                // closed
            } catch (RuntimeException e) {
                // the processor sees it once it has taken what was read before, and reopens its stream
                failure = e;
            } catch (Error e) {
                // not a silent stall: the processor must see the reader is gone
                failure = new IllegalStateException("the read-ahead of the event store failed: " + e, e);
            }
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            try {
                while (next == null && (next = ahead.poll()) == null) {
                    throwIfFailed();
                    if (drained) {
                        // it may have put one just before saying so
                        next = ahead.poll();
                        break;
                    }
                    next = ahead.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.ofNullable(next);
        }

        @Override
        public boolean hasNextAvailable() {
            return peek().isPresent();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (next == null && (next = ahead.poll()) == null) {
                throwIfFailed();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                next = ahead.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            }
            return true;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
                // wait for the reader
            }
            TrackedEventMessage<?> message = next;
            next = null;
            return message;
        }

        private void throwIfFailed() {
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void close() {
            closed = true;
            reader.interrupt();
            try {
                // the reader may be in the middle of a query: the source is closed once it has left it
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            source.close();
        }
    }
}
