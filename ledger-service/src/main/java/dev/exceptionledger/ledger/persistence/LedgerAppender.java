package dev.exceptionledger.ledger.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import dev.exceptionledger.ledger.api.EventToRecord;
import dev.exceptionledger.ledger.domain.ChainHash;
import dev.exceptionledger.ledger.domain.ChainHash.StoredEvent;
import dev.exceptionledger.ledger.domain.PersonalData;
import dev.exceptionledger.contracts.MessageDeadLettered;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.jboss.logging.Logger;

import javax.crypto.SecretKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appends to the ledger's event store, Axon's {@code domainevententry}, in batches: one transaction per batch.
 * <p>
 * An append takes the chain head's row lock, so appends are serial across replicas: it drops the eventIds already
 * stored (the unique event identifier is the envelope's eventId), numbers each interaction's events after its last
 * one, encrypts personal fields with their subject's key, inserts the rows and chains their hashes.
 */
@ApplicationScoped
public class LedgerAppender {

    /**
     * What every row holds in Axon's aggregate type column. There is no aggregate: the appender enforces the ledger's
     * one rule itself. The value is the one the first version's aggregate wrote, and it stays: stored rows hold it
     * and the chain hashes it.
     */
    static final String STREAM_TYPE = "InteractionLedger";
    private static final String PAYLOAD_TYPE = InteractionEventRecorded.class.getName();
    private static final Logger LOG = Logger.getLogger(LedgerAppender.class);

    private final AgroalDataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final MeterRegistry metrics;
    private final byte[] emptyMetadata = new LedgerSerializer().serialize(MetaData.emptyInstance(), byte[].class)
            .getData();

    LedgerAppender(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions,
                   MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.metrics = metrics;
    }

    /** @return the events that were new (the others were recorded before) */
    @Transactional
    public List<EventToRecord> append(List<EventToRecord> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            return append(connection, events);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append to the ledger: " + e.getMessage(), e);
        }
    }

    /** Appends in the caller's transaction. @return the events that were new */
    List<EventToRecord> append(Connection connection, List<EventToRecord> events) throws SQLException {
        byte[] previous = lockChainHead(connection);
        List<EventToRecord> fresh = notYetRecorded(connection, events);
        if (fresh.isEmpty()) {
            return List.of();
        }
        Map<String, Long> nextSequence = nextSequences(connection, fresh);
        List<String> subjects = subjectsOf(connection, fresh);
        Map<String, SecretKey> keys = SubjectKeys.keysFor(connection, distinct(subjects));
        long[] positions = allocatePositions(connection, fresh.size());
        String recordedAt = DateTimeUtils.formatInstant(Instant.now());
        List<StoredEvent> rows = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            EventToRecord event = fresh.get(i);
            String subject = subjects.get(i);
            long sequence = nextSequence.merge(event.interactionId(), 1L, Long::sum) - 1;
            rows.add(row(event, positions[i], sequence, subject, subject == null ? null : keys.get(subject),
                    recordedAt));
        }
        byte[] head = insertChained(connection, rows, previous);
        advanceHead(connection, positions[positions.length - 1], head);
        countOnCommit(fresh);
        return fresh;
    }

    /**
     * Counts the appended events ({@code exledger_ledger_events_appended_total} by type) and among them the dead
     * letters ({@code exledger_dead_letters_total} by topic and consumer) once the caller's transaction commits:
     * every fact the ledger records passes here, and a rolled-back append is appended again later.
     */
    private void countOnCommit(List<EventToRecord> appended) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    return;
                }
                for (EventToRecord event : appended) {
                    metrics.counter("exledger.ledger.events.appended", "type", event.type()).increment();
                    if (MessageDeadLettered.TYPE.equals(event.type())) {
                        JsonNode fact = event.payload();
                        metrics.counter("exledger.dead.letters", "topic", fact.path("topic").asText("unknown"),
                                "consumer", fact.path("consumer").asText("unknown")).increment();
                    }
                }
            }
        });
    }

    /** Takes the chain head's row lock (held until commit); @return the hash the next row chains to */
    private static byte[] lockChainHead(Connection connection) throws SQLException {
        try (PreparedStatement head = connection.prepareStatement(
                "SELECT hash FROM ledger_chain_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = head.executeQuery()) {
            rs.next();
            return rs.getBytes(1);
        }
    }

    /**
     * The events whose eventId is neither stored nor repeated earlier in the batch, in batch order. An eventId already
     * stored for another interaction is no redelivery but an identity used twice: that event is not recorded either,
     * but it is said aloud, as a fact dropped in silence is how such a reuse would go unnoticed.
     */
    static List<EventToRecord> notYetRecorded(Connection connection, List<EventToRecord> events)
            throws SQLException {
        Map<String, EventToRecord> fresh = new LinkedHashMap<>();
        events.forEach(event -> fresh.putIfAbsent(event.eventId(), event));
        try (PreparedStatement statement = connection.prepareStatement("SELECT eventidentifier, aggregateidentifier "
                + "FROM domainevententry WHERE eventidentifier = ANY(?)")) {
            statement.setArray(1, connection.createArrayOf("varchar", fresh.keySet().toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    EventToRecord known = fresh.remove(rs.getString(1));
                    if (known != null && !known.interactionId().equals(rs.getString(2))) {
                        LOG.warnf("%s %s of %s (from %s) is not recorded: its eventId is already recorded on %s",
                                known.type(), known.eventId(), known.interactionId(), known.producer(),
                                rs.getString(2));
                    }
                }
            }
        }
        return new ArrayList<>(fresh.values());
    }

    /** Per interaction of the batch, the sequence number its next event gets. */
    static Map<String, Long> nextSequences(Connection connection, List<EventToRecord> events)
            throws SQLException {
        Set<String> ids = new HashSet<>();
        events.forEach(event -> ids.add(event.interactionId()));
        Map<String, Long> next = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT aggregateidentifier, "
                + "max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ANY(?) GROUP BY 1")) {
            statement.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    next.put(rs.getString(1), rs.getLong(2) + 1);
                }
            }
        }
        ids.forEach(id -> next.putIfAbsent(id, 0L));
        return next;
    }

    /**
     * Each event's subject (whose key seals its personal values), null where it has none. An event that carries no
     * contact of its own but personal text about one (a routing explanation, a reviewer's note) belongs to its
     * interaction's subject, from this batch or the store; if the interaction's contact is not known yet, to the
     * interaction itself (erasing the contact erases that key too, {@link SubjectKeys#footprint}).
     */
    private static List<String> subjectsOf(Connection connection, List<EventToRecord> events) throws SQLException {
        List<String> subjects = new ArrayList<>(events.size());
        Map<String, String> ofInteraction = new HashMap<>();
        Set<String> textWithoutContact = new HashSet<>();
        for (EventToRecord event : events) {
            String subject = event.subject() != null ? event.subject()
                    : PersonalData.subjectOf(event.type(), event.payload(), event.interactionId()).orElse(null);
            subjects.add(subject);
            if (subject != null) {
                ofInteraction.putIfAbsent(event.interactionId(), subject);
            } else if (PersonalFields.holdsAny(event.payload())) {
                textWithoutContact.add(event.eventId());
            }
        }
        if (textWithoutContact.isEmpty()) {
            return subjects;
        }
        Set<String> unknown = new HashSet<>();
        events.stream().filter(event -> textWithoutContact.contains(event.eventId())
                && !ofInteraction.containsKey(event.interactionId())).forEach(event -> unknown.add(event.interactionId()));
        ofInteraction.putAll(SubjectKeys.subjectsOfInteractions(connection, unknown));
        for (int i = 0; i < events.size(); i++) {
            EventToRecord event = events.get(i);
            if (textWithoutContact.contains(event.eventId())) {
                subjects.set(i, ofInteraction.getOrDefault(event.interactionId(),
                        PersonalFields.contactIdOfInteraction(event.interactionId())));
            }
        }
        return subjects;
    }

    private static Set<String> distinct(List<String> subjects) {
        Set<String> distinct = new HashSet<>(subjects);
        distinct.remove(null);
        return distinct;
    }

    /** Positions taken under the head lock, so they ascend in commit order. */
    private static long[] allocatePositions(Connection connection, int count) throws SQLException {
        long[] positions = new long[count];
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT nextval('domainevententry_globalindex_seq') FROM generate_series(1, ?)")) {
            statement.setInt(1, count);
            try (ResultSet rs = statement.executeQuery()) {
                for (int i = 0; rs.next(); i++) {
                    positions[i] = rs.getLong(1);
                }
            }
        }
        Arrays.sort(positions);
        return positions;
    }

    /**
     * The row an event is stored as: its personal fields sealed with the subject's key (null: erased), its
     * occurredAt at PostgreSQL's precision (the hash covers the stored value). {@link LedgerWarmUp} makes rows too.
     */
    StoredEvent row(EventToRecord event, long position, long sequence, String subject, SecretKey key,
                    String recordedAt) {
        Instant occurredAt = event.occurredAt() == null ? null
                : event.occurredAt().truncatedTo(ChronoUnit.MICROS);
        JsonNode payload = subject == null ? event.payload() : sealed(event, key);
        InteractionEventRecorded recorded = new InteractionEventRecorded(event.interactionId(), event.eventId(),
                event.type(), event.schemaVersion(), occurredAt, event.producer(), event.correlationId(),
                event.causationId(), event.topic(), payload == null ? null : Json.write(payload), event.traceId(),
                event.subject());
        return new StoredEvent(position, event.interactionId(), sequence, STREAM_TYPE, event.eventId(),
                emptyMetadata, StoredEventJson.write(recorded), null, PAYLOAD_TYPE, recordedAt, event.type(),
                occurredAt, subject);
    }

    /** Sealed in a copy: the caller's event stays as it was (it may append it again). */
    private static JsonNode sealed(EventToRecord event, SecretKey key) {
        JsonNode payload = event.payload().deepCopy();
        PersonalData.protect(event.type(), payload, key);
        return payload;
    }

    /** Inserts the rows and their chain entries, each batched; @return the hash of the last row */
    private static byte[] insertChained(Connection connection, List<StoredEvent> rows, byte[] previous)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domainevententry (globalindex, "
                + "aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload, payloadrevision, "
                + "payloadtype, \"timestamp\", event_type, occurred_at, subject_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement chain = connection.prepareStatement(
                     "INSERT INTO ledger_chain (globalindex, hash) VALUES (?, ?)")) {
            for (StoredEvent row : rows) {
                bind(insert, row);
                insert.addBatch();
                previous = ChainHash.next(previous, row);
                chain.setLong(1, row.globalIndex());
                chain.setBytes(2, previous);
                chain.addBatch();
            }
            insert.executeBatch();
            chain.executeBatch();
        }
        return previous;
    }

    private static void bind(PreparedStatement insert, StoredEvent row) throws SQLException {
        insert.setLong(1, row.globalIndex());
        insert.setString(2, row.aggregateId());
        insert.setLong(3, row.sequence());
        insert.setString(4, row.aggregateType());
        insert.setString(5, row.eventIdentifier());
        insert.setBytes(6, row.metadata());
        insert.setBytes(7, row.payload());
        insert.setString(8, row.payloadRevision());
        insert.setString(9, row.payloadType());
        insert.setString(10, row.timestamp());
        insert.setString(11, row.eventType());
        insert.setObject(12, row.occurredAt() == null ? null
                : OffsetDateTime.ofInstant(row.occurredAt(), ZoneOffset.UTC));
        insert.setString(13, row.subjectId());
    }

    private static void advanceHead(Connection connection, long position, byte[] hash) throws SQLException {
        try (PreparedStatement head = connection.prepareStatement(
                "UPDATE ledger_chain_head SET globalindex = ?, hash = ? WHERE id = 1")) {
            head.setLong(1, position);
            head.setBytes(2, hash);
            head.executeUpdate();
        }
    }
}
