package dev.exceptionledger.ledger.persistence;

import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import dev.exceptionledger.ledger.domain.ChainHash.StoredEvent;
import org.postgresql.PGStatement;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/** Rows of {@code domainevententry} (alias {@code e}) read as they are stored: for the timeline, replay and verify. */
final class StoredEventRows {
    private StoredEventRows() { }

    /** Every stored column, in the order {@link StoredEvent} has them. */
    static final String COLUMNS = "e.globalindex, e.aggregateidentifier, e.sequencenumber, e.type, "
            + "e.eventidentifier, e.metadata, e.payload, e.payloadrevision, e.payloadtype, e.\"timestamp\", "
            + "e.event_type, e.occurred_at, e.subject_id";
    /** Rows per round trip of a scan through a cursor. */
    static final int FETCH_SIZE = 1000;

    static StoredEvent read(ResultSet rs) throws SQLException {
        Timestamp occurredAt = rs.getTimestamp("occurred_at");
        return new StoredEvent(rs.getLong("globalindex"), rs.getString("aggregateidentifier"),
                rs.getLong("sequencenumber"), rs.getString("type"), rs.getString("eventidentifier"),
                rs.getBytes("metadata"), rs.getBytes("payload"), rs.getString("payloadrevision"),
                rs.getString("payloadtype"), rs.getString("timestamp"), rs.getString("event_type"),
                occurredAt == null ? null : occurredAt.toInstant(), rs.getString("subject_id"));
    }

    /** The event a row holds. */
    static InteractionEventRecorded event(StoredEvent row) {
        try {
            return StoredEventJson.read(row.payload());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("event " + row.globalIndex() + " is not readable: " + e.getMessage(), e);
        }
    }

    /**
     * Rows in binary form from the first execution (the driver switches only after five): a scan of the store then
     * moves the payloads as bytes, not as hex text of twice their size that both sides must encode and decode.
     */
    static void binaryTransfer(PreparedStatement statement) throws SQLException {
        statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
    }
}
