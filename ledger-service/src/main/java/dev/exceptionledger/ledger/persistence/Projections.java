package dev.exceptionledger.ledger.persistence;

import dev.exceptionledger.ledger.AxonSetup;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Rebuilds of the projections from the event store, and their progress. */
@ApplicationScoped
public class Projections {

    /**
     * @param position   the last event the processor has handled (global position)
     * @param head       the last event in the store
     * @param replaying  a rebuild is under way: the processor has not reached the store's head as it was when the
     *                   rebuild started
     * @param caughtUp   the processor has handled everything in the store
     */
    public record Progress(String processor, boolean running, boolean replaying, boolean caughtUp, long position,
                           long head, Instant rebuildStartedAt) {
    }

    private final AxonSetup axon;
    private final AgroalDataSource dataSource;
    private final AtomicReference<Instant> rebuildStartedAt = new AtomicReference<>();
    /** The head when the last rebuild started: Axon reports a replay until an event after it arrives. */
    private volatile long rebuildTarget;

    Projections(AxonSetup axon, AgroalDataSource dataSource) {
        this.axon = axon;
        this.dataSource = dataSource;
    }

    /** Resets the funnel's processor (its reset handler empties the table) and lets it replay the whole store. */
    public synchronized Progress rebuild() {
        TrackingEventProcessor processor = axon.funnelProcessor();
        processor.shutDown();
        rebuildTarget = headPosition();
        processor.resetTokens();
        rebuildStartedAt.set(Instant.now());
        processor.start();
        return progress();
    }

    public Progress progress() {
        TrackingEventProcessor processor = axon.funnelProcessor();
        long head = headPosition();
        boolean caughtUp = !processor.processingStatus().isEmpty();
        long position = 0;
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            caughtUp &= status.isCaughtUp() && !status.isErrorState();
            position = Math.max(position, status.getCurrentPosition().orElse(0));
        }
        return new Progress(processor.getName(), processor.isRunning(), position < rebuildTarget,
                caughtUp && position >= head, position, head, rebuildStartedAt.get());
    }

    /** The funnel is complete up to the store's head: what it does not count has not happened. */
    public boolean funnelCurrent() {
        TrackingEventProcessor processor = axon.funnelProcessor();
        return processor.isRunning() && !processor.processingStatus().isEmpty()
                && processor.processingStatus().values().stream()
                .allMatch(status -> status.isCaughtUp() && !status.isErrorState()
                        && status.getCurrentPosition().orElse(0) >= rebuildTarget);
    }

    /** The highest global position in the store. */
    private long headPosition() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT max(globalindex) FROM domainevententry");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1); // an empty store's NULL reads as 0
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ledger: " + e.getMessage(), e);
        }
    }
}
