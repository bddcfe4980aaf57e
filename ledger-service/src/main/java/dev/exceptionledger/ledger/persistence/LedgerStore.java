package dev.exceptionledger.ledger.persistence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import dev.exceptionledger.ledger.api.RecordEventCommand;
import dev.exceptionledger.ledger.api.TimelineEntry;
import dev.exceptionledger.ledger.domain.ChainHash;
import dev.exceptionledger.ledger.domain.ChainHash.StoredEvent;
import dev.exceptionledger.ledger.domain.PersonalData;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.postgresql.PGStatement;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The ledger's event store, Axon's {@code domainevententry}: appended in batches by the ledger itself, read by Axon
 * (tracking processors) and by the timeline, the replay and the verification here.
 * <p>
 * An append takes the chain head's row lock, so appends are serial across replicas: it drops the eventIds already
 * stored (the unique event identifier is the envelope's eventId), numbers each interaction's events after its last
 * one, encrypts personal fields with their subject's key, inserts the rows and chains their hashes, all in one
 * transaction.
 */
@ApplicationScoped
public class LedgerStore {

    /** Axon's aggregate type of every interaction ledger. */
    static final String AGGREGATE_TYPE = "InteractionLedger";
    private static final String PAYLOAD_TYPE = InteractionEventRecorded.class.getName();
    private static final int FETCH_SIZE = 1000;
    /** Rows a replay's reader may be ahead of its writer. */
    private static final int REPLAY_AHEAD = 1000;
    private static final String COLUMNS = "e.globalindex, e.aggregateidentifier, e.sequencenumber, e.type, "
            + "e.eventidentifier, e.metadata, e.payload, e.payloadrevision, e.payloadtype, e.\"timestamp\", "
            + "e.event_type, e.occurred_at, e.subject_id";

    private final AgroalDataSource dataSource;
    private final byte[] emptyMetadata = new LedgerSerializer().serialize(MetaData.emptyInstance(), byte[].class)
            .getData();
    private final ObjectMapper json = Json.mapper();

    LedgerStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return the commands that were new (the others were recorded before) */
    @Transactional
    public List<RecordEventCommand> append(List<RecordEventCommand> commands) {
        if (commands.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            return append(connection, commands);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append to the ledger: " + e.getMessage(), e);
        }
    }

    private List<RecordEventCommand> append(Connection connection, List<RecordEventCommand> commands)
            throws SQLException {
        byte[] previous;
        try (PreparedStatement head = connection.prepareStatement(
                "SELECT hash FROM ledger_chain_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = head.executeQuery()) {
            rs.next();
            previous = rs.getBytes(1);
        }
        Map<String, RecordEventCommand> fresh = new LinkedHashMap<>();
        commands.forEach(command -> fresh.putIfAbsent(command.eventId(), command));
        for (String stored : strings(connection, "SELECT eventidentifier FROM domainevententry "
                + "WHERE eventidentifier = ANY(?)", fresh.keySet())) {
            fresh.remove(stored);
        }
        if (fresh.isEmpty()) {
            return List.of();
        }
        List<RecordEventCommand> appended = new ArrayList<>(fresh.values());
        Map<String, Long> nextSequence = nextSequences(connection, appended);

        // personal fields: find each event's subject, then encrypt with its key
        List<String> subjects = new ArrayList<>(appended.size());
        for (RecordEventCommand command : appended) {
            subjects.add(PersonalData.subjectOf(command.type(), command.payload(), command.interactionId())
                    .orElse(null));
        }
        Set<String> distinctSubjects = new HashSet<>(subjects);
        distinctSubjects.remove(null);
        Map<String, SecretKey> keys = SubjectKeys.keysFor(connection, distinctSubjects);

        long[] positions = allocate(connection, appended.size());
        String recordedAt = DateTimeUtils.formatInstant(Instant.now());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domainevententry (globalindex, "
                + "aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload, payloadrevision, "
                + "payloadtype, \"timestamp\", event_type, occurred_at, subject_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement chain = connection.prepareStatement(
                     "INSERT INTO ledger_chain (globalindex, hash) VALUES (?, ?)")) {
            for (int i = 0; i < appended.size(); i++) {
                RecordEventCommand command = appended.get(i);
                JsonNode payload = command.payload();
                if (subjects.get(i) != null) {
                    // sealed in a copy: the caller's command stays as it was (it may append it again)
                    payload = payload.deepCopy();
                    PersonalData.protect(command.type(), payload, keys.get(subjects.get(i)));
                }
                Instant occurredAt = command.occurredAt() == null ? null
                        : command.occurredAt().truncatedTo(ChronoUnit.MICROS);
                InteractionEventRecorded event = new InteractionEventRecorded(command.interactionId(),
                        command.eventId(), command.type(), command.schemaVersion(), occurredAt, command.producer(),
                        command.correlationId(), command.causationId(), command.topic(),
                        payload == null ? null : Json.write(payload));
                StoredEvent row = new StoredEvent(positions[i], command.interactionId(),
                        nextSequence.merge(command.interactionId(), 1L, Long::sum) - 1, AGGREGATE_TYPE,
                        command.eventId(), emptyMetadata, StoredEventJson.write(event), null,
                        PAYLOAD_TYPE, recordedAt, command.type(), occurredAt, subjects.get(i));
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
        try (PreparedStatement head = connection.prepareStatement(
                "UPDATE ledger_chain_head SET globalindex = ?, hash = ? WHERE id = 1")) {
            head.setLong(1, positions[positions.length - 1]);
            head.setBytes(2, previous);
            head.executeUpdate();
        }
        return appended;
    }

    /** Erases a subject and records the erasure fact, in one transaction. @return false when it was erased before */
    @Transactional
    public boolean erase(String contactId, RecordEventCommand fact) {
        try (Connection connection = dataSource.getConnection()) {
            boolean erased = SubjectKeys.erase(connection, contactId);
            append(connection, List.of(fact));
            return erased;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot erase subject " + contactId + ": " + e.getMessage(), e);
        }
    }

    /** One interaction's events in ledger order, personal fields decrypted or shown erased; empty if none. */
    public List<TimelineEntry> timeline(String interactionId) {
        String sql = "SELECT " + COLUMNS + ", c.hash, k.secret, k.erased_at FROM domainevententry e "
                + "LEFT JOIN ledger_chain c ON c.globalindex = e.globalindex "
                + "LEFT JOIN subject_key k ON k.contact_id = e.subject_id "
                + "WHERE e.aggregateidentifier = ? ORDER BY e.sequencenumber";
        List<TimelineEntry> entries = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, interactionId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    StoredEvent row = row(rs);
                    InteractionEventRecorded event = event(row);
                    Revealed payload = reveal(event, row.subjectId(), rs.getBytes("secret"));
                    entries.add(new TimelineEntry(row.sequence(), event.eventId(), event.type(), event.occurredAt(),
                            DateTimeUtils.parseInstant(row.timestamp()), event.producer(), event.topic(),
                            event.correlationId(), event.causationId(), payload.json(), row.globalIndex(),
                            ChainHash.hex(rs.getBytes("hash")), row.subjectId(), payload.erased()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ledger: " + e.getMessage(), e);
        }
        return entries;
    }

    /** A replay's filter; every part optional, {@code [from, to)} on occurredAt. */
    public record ReplayFilter(Instant from, Instant to, String interactionId, String type) {
    }

    /**
     * Writes the events matching the filter as NDJSON in global order, one line per event, through a database
     * cursor: memory stays constant however many events match. A reader thread fetches and parses the rows (at most
     * {@link #REPLAY_AHEAD} ahead) while this one opens sealed fields and writes, so the two and PostgreSQL overlap.
     *
     * @return the number of lines written
     */
    public long replay(ReplayFilter filter, OutputStream out) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + ", c.hash, k.secret FROM domainevententry e "
                + "LEFT JOIN ledger_chain c ON c.globalindex = e.globalindex "
                + "LEFT JOIN subject_key k ON k.contact_id = e.subject_id WHERE TRUE");
        List<Object> parameters = new ArrayList<>();
        if (filter.from() != null) {
            sql.append(" AND e.occurred_at >= ?");
            parameters.add(OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            sql.append(" AND e.occurred_at < ?");
            parameters.add(OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
        }
        if (filter.interactionId() != null) {
            sql.append(" AND e.aggregateidentifier = ?");
            parameters.add(filter.interactionId());
        }
        if (filter.type() != null) {
            sql.append(" AND e.event_type = ?");
            parameters.add(filter.type());
        }
        sql.append(" ORDER BY e.globalindex");
        ReplayReader reader = new ReplayReader(sql.toString(), parameters);
        reader.start();
        long lines = 0;
        try (JsonGenerator generator = json.getFactory().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            // NDJSON: the newline is the only separator
            generator.setRootValueSeparator(null);
            for (ReplayRow row = reader.next(); row != null; row = reader.next()) {
                writeLine(generator, row);
                lines++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            // a client that went away stops the reader too
            reader.interrupt();
        }
        return lines;
    }

    private record ReplayRow(StoredEvent row, InteractionEventRecorded event, byte[] secret, byte[] hash) {
    }

    /** Reads a replay's rows through a cursor into a bounded queue. */
    private final class ReplayReader extends Thread {
        private static final ReplayRow END = new ReplayRow(null, null, null, null);

        private final String sql;
        private final List<Object> parameters;
        private final BlockingQueue<ReplayRow> rows = new ArrayBlockingQueue<>(REPLAY_AHEAD);
        private volatile RuntimeException failure;

        ReplayReader(String sql, List<Object> parameters) {
            super("replay-reader");
            setDaemon(true);
            this.sql = sql;
            this.parameters = parameters;
        }

        @Override
        public void run() {
            try {
                read();
            } catch (InterruptedException e) {
                return; // the writer stopped
            } catch (SQLException e) {
                failure = new IllegalStateException("cannot read the ledger: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                failure = e;
            } catch (Error e) {
                // the writer must not wait for a reader that is gone
                failure = new IllegalStateException("the replay's reader failed: " + e, e);
            }
            try {
                rows.put(END);
            } catch (InterruptedException e) {
                // the writer stopped
            }
        }

        private void read() throws SQLException, InterruptedException {
            try (Connection connection = dataSource.getConnection()) {
                // a cursor needs a transaction; a read-only one outside JTA, as long as the stream takes
                connection.setAutoCommit(false);
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setFetchSize(FETCH_SIZE);
                    binaryTransfer(statement);
                    for (int i = 0; i < parameters.size(); i++) {
                        statement.setObject(i + 1, parameters.get(i));
                    }
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            StoredEvent row = row(rs);
                            rows.put(new ReplayRow(row, event(row), rs.getBytes("secret"), rs.getBytes("hash")));
                        }
                    }
                } finally {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            }
        }

        /** @return the next row, or null after the last */
        ReplayRow next() {
            try {
                ReplayRow row = rows.take();
                if (row != END) {
                    return row;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the replay was interrupted", e);
            }
            if (failure != null) {
                throw failure;
            }
            return null;
        }
    }

    private void writeLine(JsonGenerator out, ReplayRow line) throws IOException {
        StoredEvent row = line.row();
        InteractionEventRecorded event = line.event();
        out.writeStartObject();
        out.writeNumberField("position", row.globalIndex());
        out.writeStringField("eventId", event.eventId());
        out.writeStringField("type", event.type());
        out.writeNumberField("schemaVersion", event.schemaVersion());
        out.writeStringField("interactionId", event.interactionId());
        out.writeStringField("occurredAt", event.occurredAt() == null ? null : event.occurredAt().toString());
        out.writeStringField("producer", event.producer());
        out.writeStringField("correlationId", event.correlationId());
        out.writeStringField("causationId", event.causationId());
        out.writeStringField("topic", event.topic());
        out.writeStringField("recordedAt", row.timestamp());
        out.writeFieldName("payload");
        boolean erased = false;
        if (event.payload() == null) {
            out.writeNull();
        } else if (row.subjectId() == null) {
            // nothing personal: the stored JSON text as it is
            out.writeRawValue(event.payload());
        } else {
            erased = PersonalData.revealTo(event.payload(), PersonalData.key(line.secret()), out);
        }
        out.writeStringField("contactId", row.subjectId());
        out.writeBooleanField("erased", erased);
        out.writeStringField("hash", ChainHash.hex(line.hash()));
        out.writeEndObject();
        out.writeRaw('\n');
    }

    /** The result of a verification of the whole chain. */
    public record Verification(boolean intact, long checked, Long firstBrokenPosition, String reason,
                               long unchainedBefore, long headPosition, String headHash) {
    }

    /**
     * Recomputes the chain from its start over the stored rows, streaming, and compares it with the stored hashes.
     * Reports the first position where they differ: a changed or inserted row at that position, or a removed one.
     */
    public Verification verify() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            // one snapshot for all the statements: appends running meanwhile are not half-seen
            try (PreparedStatement isolation = connection.prepareStatement(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")) {
                isolation.execute();
            }
            try {
                return verify(connection);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot verify the ledger: " + e.getMessage(), e);
        }
    }

    private Verification verify(Connection connection) throws SQLException {
        long startsAfter;
        long headPosition;
        byte[] headHash;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT starts_after, globalindex, hash FROM ledger_chain_head WHERE id = 1");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            startsAfter = rs.getLong(1);
            headPosition = rs.getLong(2);
            headHash = rs.getBytes(3);
        }
        long unchained = count(connection, "SELECT count(*) FROM domainevententry WHERE globalindex <= ?", startsAfter);
        // a chain entry whose event is gone: the event at that position was removed
        Long removed = single(connection, "SELECT min(c.globalindex) FROM ledger_chain c WHERE NOT EXISTS "
                + "(SELECT 1 FROM domainevententry e WHERE e.globalindex = c.globalindex)");
        byte[] previous = ChainHash.GENESIS;
        long checked = 0;
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + ", c.hash "
                + "FROM domainevententry e LEFT JOIN ledger_chain c ON c.globalindex = e.globalindex "
                + "WHERE e.globalindex > ? ORDER BY e.globalindex")) {
            statement.setFetchSize(FETCH_SIZE);
            binaryTransfer(statement);
            statement.setLong(1, startsAfter);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    StoredEvent row = row(rs);
                    if (removed != null && removed < row.globalIndex()) {
                        break;
                    }
                    byte[] stored = rs.getBytes("hash");
                    previous = ChainHash.next(previous, row);
                    if (stored == null) {
                        return broken(checked, row.globalIndex(), "an event that is not in the chain",
                                unchained, headPosition, headHash);
                    }
                    if (!Arrays.equals(stored, previous)) {
                        return broken(checked, row.globalIndex(),
                                "the stored event does not hash to its chain entry (changed, or one before it removed)",
                                unchained, headPosition, headHash);
                    }
                    checked++;
                }
            }
        }
        if (removed != null) {
            return broken(checked, removed, "the chain has an entry whose event is missing", unchained,
                    headPosition, headHash);
        }
        if (!Arrays.equals(previous, headHash)) {
            return broken(checked, headPosition, "the chain ends before its head: events at its end are missing",
                    unchained, headPosition, headHash);
        }
        return new Verification(true, checked, null, null, unchained, headPosition, ChainHash.hex(headHash));
    }

    private static Verification broken(long checked, long position, String reason, long unchained, long headPosition,
                                       byte[] headHash) {
        return new Verification(false, checked, position, reason, unchained, headPosition, ChainHash.hex(headHash));
    }

    /** The highest global position, for progress reports. */
    public long headPosition() {
        try (Connection connection = dataSource.getConnection()) {
            Long max = single(connection, "SELECT max(globalindex) FROM domainevententry");
            return max == null ? 0 : max;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ledger: " + e.getMessage(), e);
        }
    }

    private record Revealed(JsonNode json, boolean erased) {
    }

    private Revealed reveal(InteractionEventRecorded event, String subjectId, byte[] secret) {
        if (event.payload() == null) {
            return new Revealed(null, false);
        }
        JsonNode payload = readTree(event.payload());
        if (subjectId == null) {
            return new Revealed(payload, false);
        }
        boolean erased = PersonalData.reveal(payload, PersonalData.key(secret));
        return new Revealed(payload, erased);
    }

    private InteractionEventRecorded event(StoredEvent row) {
        try {
            return StoredEventJson.read(row.payload());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("event " + row.globalIndex() + " is not readable: " + e.getMessage(), e);
        }
    }

    private JsonNode readTree(String payload) {
        try {
            return json.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("a payload is not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Rows in binary form from the first execution (the driver switches only after five): a scan of the store then
     * moves the payloads as bytes, not as hex text of twice their size that both sides must encode and decode.
     */
    private static void binaryTransfer(PreparedStatement statement) throws SQLException {
        statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
    }

    private static StoredEvent row(ResultSet rs) throws SQLException {
        Timestamp occurredAt = rs.getTimestamp("occurred_at");
        return new StoredEvent(rs.getLong("globalindex"), rs.getString("aggregateidentifier"),
                rs.getLong("sequencenumber"), rs.getString("type"), rs.getString("eventidentifier"),
                rs.getBytes("metadata"), rs.getBytes("payload"), rs.getString("payloadrevision"),
                rs.getString("payloadtype"), rs.getString("timestamp"), rs.getString("event_type"),
                occurredAt == null ? null : occurredAt.toInstant(), rs.getString("subject_id"));
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
        insert.setObject(12, row.occurredAt() == null ? null : OffsetDateTime.ofInstant(row.occurredAt(), ZoneOffset.UTC));
        insert.setString(13, row.subjectId());
    }

    private static Map<String, Long> nextSequences(Connection connection, List<RecordEventCommand> commands)
            throws SQLException {
        Set<String> ids = new HashSet<>();
        commands.forEach(command -> ids.add(command.interactionId()));
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

    /** Positions taken under the head lock, so they ascend in commit order. */
    private static long[] allocate(Connection connection, int count) throws SQLException {
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

    private static List<String> strings(Connection connection, String sql, Set<String> values) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("varchar", values.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    private static long count(Connection connection, String sql, long parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Long single(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            long value = rs.getLong(1);
            return rs.wasNull() ? null : value;
        }
    }
}
