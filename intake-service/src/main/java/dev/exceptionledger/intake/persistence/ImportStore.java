package dev.exceptionledger.intake.persistence;

import dev.exceptionledger.intake.domain.ImportRecords;
import dev.exceptionledger.intake.domain.ImportRecords.FileRecord;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Imports in intake's database (plain JDBC: the upload streams into it and a batch's rows go in one round trip
 * each). The upload is kept as chunks of whole records, so processing reads one chunk at a time and an import
 * survives a restart; {@code processed} is where it resumes.
 */
@ApplicationScoped
public class ImportStore {

    private static final Logger LOG = Logger.getLogger(ImportStore.class);

    /** A chunk holds at most this many bytes of records (one oversized record may exceed it). */
    static final int CHUNK_BYTES = 1 << 20;

    public enum Status { RUNNING, DONE, FAILED }

    public enum LineStatus { ACCEPTED, DUPLICATE, REJECTED }

    public record Run(String id, String mapping, String mediaType, String contentHash, Status status, String header,
                      long lines, long processed, long accepted, long duplicates, long rejected, long routed,
                      String failure, Instant createdAt, Instant finishedAt) { }

    /** @param existing an earlier import of the same file with the same mapping: nothing new was stored */
    public record Stored(String importId, boolean existing) { }

    public record Line(long line, String externalId, String interactionId, LineStatus status, String reason,
                       Instant routedAt) { }

    /** A key this batch claimed (true) or found taken, with the interaction and content hash it holds. */
    public record Claim(boolean claimed, String interactionId, String requestHash) { }

    private final AgroalDataSource db;

    public ImportStore(AgroalDataSource db) {
        this.db = db;
    }

    /**
     * Stores an upload record by record and registers it as a RUNNING import, in one transaction: a broken upload
     * leaves nothing. The same content with the same mapping as an import that did not fail is that import.
     *
     * @param csv the file is CSV: its first record is the header, kept apart
     */
    public Stored store(String mapping, String mediaType, boolean csv, java.io.InputStream body) throws IOException {
        MessageDigest sha256 = sha256();
        String id = UUID.randomUUID().toString();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement run = c.prepareStatement("""
                        insert into import_run (id, mapping, media_type, content_hash, status, lines, created_at)
                        values (?, ?, ?, '', 'RUNNING', 0, ?)""")) {
                    run.setString(1, id);
                    run.setString(2, mapping);
                    run.setString(3, mediaType);
                    run.setTimestamp(4, Timestamp.from(Instant.now()));
                    run.executeUpdate();
                }
                ImportRecords records = new ImportRecords(new DigestInputStream(body, sha256), csv);
                String header = null;
                if (csv) {
                    FileRecord first = records.next();
                    header = first == null || first.tooLarge() ? null : new String(first.data(), StandardCharsets.UTF_8);
                }
                long count = 0;
                int seq = 0;
                try (PreparedStatement chunk = c.prepareStatement(
                        "insert into import_chunk (import_id, seq, first_record, records, data) values (?, ?, ?, ?, ?)")) {
                    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                    DataOutputStream out = new DataOutputStream(buffer);
                    int inChunk = 0;
                    FileRecord record;
                    while ((record = records.next()) != null) {
                        out.writeLong(record.line());
                        out.writeLong(record.bytes());
                        if (!record.tooLarge()) {
                            out.writeInt(record.data().length);
                            out.write(record.data());
                        } else {
                            out.writeInt(-1);
                        }
                        inChunk++;
                        count++;
                        if (buffer.size() >= CHUNK_BYTES) {
                            insertChunk(chunk, id, seq++, count - inChunk, inChunk, buffer.toByteArray());
                            buffer.reset();
                            inChunk = 0;
                        }
                    }
                    if (inChunk > 0) {
                        insertChunk(chunk, id, seq, count - inChunk, inChunk, buffer.toByteArray());
                    }
                }
                String hash = HexFormat.of().formatHex(sha256.digest());
                try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
                    // two uploads of one file at once: the second waits and finds the first
                    lock.setString(1, hash + "/" + mapping);
                    lock.execute();
                }
                Optional<String> earlier = earlierImport(c, hash, mapping);
                if (earlier.isPresent()) {
                    c.rollback();
                    return new Stored(earlier.get(), true);
                }
                try (PreparedStatement done = c.prepareStatement("""
                        update import_run set content_hash = ?, header = ?, lines = ?,
                          status = case when ? = 0 then 'DONE' else 'RUNNING' end,
                          finished_at = case when ? = 0 then now() end
                        where id = ?""")) {
                    done.setString(1, hash);
                    done.setString(2, header);
                    done.setLong(3, count);
                    done.setLong(4, count);
                    done.setLong(5, count);
                    done.setString(6, id);
                    done.executeUpdate();
                }
                c.commit();
                return new Stored(id, false);
            } catch (IOException | SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    private static Optional<String> earlierImport(Connection c, String hash, String mapping) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                select id from import_run where content_hash = ? and mapping = ? and status <> 'FAILED'
                order by created_at limit 1""")) {
            q.setString(1, hash);
            q.setString(2, mapping);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static void insertChunk(PreparedStatement chunk, String id, int seq, long firstRecord, int records,
                                    byte[] data) throws SQLException {
        chunk.setString(1, id);
        chunk.setInt(2, seq);
        chunk.setLong(3, firstRecord);
        chunk.setInt(4, records);
        chunk.setBytes(5, data);
        chunk.executeUpdate();
    }

    /** The records of the import from ordinal {@code from} on, at most one chunk's worth. */
    public List<FileRecord> recordsFrom(String importId, long from) {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement("""
                select first_record, data from import_chunk where import_id = ? and first_record + records > ?
                order by seq limit 1""")) {
            q.setString(1, importId);
            q.setLong(2, from);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
                long ordinal = rs.getLong(1);
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(rs.getBytes(2)));
                List<FileRecord> records = new ArrayList<>();
                while (in.available() > 0) {
                    long line = in.readLong();
                    long bytes = in.readLong();
                    int length = in.readInt();
                    byte[] data = length < 0 ? null : in.readNBytes(length);
                    if (ordinal++ >= from) {
                        records.add(new FileRecord(line, data, bytes));
                    }
                }
                return records;
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Run> find(String importId) {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(
                "select * from import_run where id = ?")) {
            q.setString(1, importId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(run(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    /** Imports still to finish (after a restart, or posted to another instance). */
    public List<String> running() {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(
                "select id from import_run where status = 'RUNNING' order by created_at")) {
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    public List<Line> lines(String importId, long from, int limit) {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement("""
                select line, external_id, interaction_id, status, reason, routed_at from import_line
                where import_id = ? and line >= ? order by line limit ?""")) {
            q.setString(1, importId);
            q.setLong(2, from);
            q.setInt(3, limit);
            List<Line> lines = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Timestamp routed = rs.getTimestamp(6);
                    lines.add(new Line(rs.getLong(1), rs.getString(2), rs.getString(3),
                            LineStatus.valueOf(rs.getString(4)), rs.getString(5),
                            routed == null ? null : routed.toInstant()));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    /** An import held by this instance: closing it releases the lock and its connection. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes a session-level advisory lock on the import: one instance of intake processes an import at a time,
     * and a crashed one's lock goes with its connection.
     *
     * @return the lock, or empty if another instance holds it
     */
    public Optional<Held> lock(String importId) {
        try {
            Connection c = db.getConnection();
            if (advisory(c, "pg_try_advisory_lock", importId)) {
                return Optional.of(() -> {
                    // pooled connections outlive this lock: release it before the connection goes back
                    try (c) {
                        advisory(c, "pg_advisory_unlock", importId);
                    } catch (SQLException e) {
                        LOG.debugf("releasing the lock of import %s: %s", importId, e.toString());
                    }
                });
            }
            c.close();
            return Optional.empty();
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    private static boolean advisory(Connection c, String function, String importId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("select " + function + "(hashtext('import/' || ?))")) {
            q.setString(1, importId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** A connection in a transaction, for one batch: claim its keys, publish, then {@link #commitBatch}. */
    public Connection begin() {
        try {
            Connection c = db.getConnection();
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    /**
     * Claims the keys (idempotency_key rows) in one statement; a key another transaction holds uncommitted makes
     * this wait. Returns, per key, whether this batch claimed it or what it already held.
     */
    public Map<String, Claim> claim(Connection c, List<String> keys, List<String> interactionIds,
                                    List<String> hashes) throws SQLException {
        Map<String, Claim> claims = new HashMap<>();
        try (PreparedStatement insert = c.prepareStatement("""
                insert into idempotency_key (key, interaction_id, request_hash, created_at)
                select k, i, h, now() from unnest(?::varchar[], ?::varchar[], ?::varchar[]) as t(k, i, h)
                on conflict (key) do nothing returning key, interaction_id, request_hash""")) {
            insert.setArray(1, array(c, keys));
            insert.setArray(2, array(c, interactionIds));
            insert.setArray(3, array(c, hashes));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    claims.put(rs.getString(1), new Claim(true, rs.getString(2), rs.getString(3)));
                }
            }
        }
        List<String> taken = keys.stream().filter(k -> !claims.containsKey(k)).toList();
        if (!taken.isEmpty()) {
            try (PreparedStatement q = c.prepareStatement(
                    "select key, interaction_id, request_hash from idempotency_key where key = any(?::varchar[])")) {
                q.setArray(1, array(c, taken));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        claims.put(rs.getString(1), new Claim(false, rs.getString(2), rs.getString(3)));
                    }
                }
            }
        }
        return claims;
    }

    /** Records the batch's lines and moves the import's resume point past them; commits and closes. */
    public void commitBatch(Connection c, String importId, List<Line> lines, long processed) throws SQLException {
        try (c) {
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into import_line (import_id, line, external_id, interaction_id, status, reason)
                    select ?, * from unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[])
                    on conflict do nothing""")) {
                insert.setString(1, importId);
                insert.setArray(2, c.createArrayOf("bigint", lines.stream().map(Line::line).toArray()));
                insert.setArray(3, array(c, lines.stream().map(Line::externalId).toList()));
                insert.setArray(4, array(c, lines.stream().map(Line::interactionId).toList()));
                insert.setArray(5, array(c, lines.stream().map(l -> l.status().name()).toList()));
                insert.setArray(6, c.createArrayOf("text", lines.stream().map(Line::reason).toArray()));
                insert.executeUpdate();
            }
            try (PreparedStatement update = c.prepareStatement("""
                    update import_run set processed = ?,
                      accepted = accepted + ?, duplicates = duplicates + ?, rejected = rejected + ?,
                      status = case when ? >= lines then 'DONE' else status end,
                      finished_at = case when ? >= lines then now() end
                    where id = ?
                    returning status""")) {
                update.setLong(1, processed);
                update.setLong(2, count(lines, LineStatus.ACCEPTED));
                update.setLong(3, count(lines, LineStatus.DUPLICATE));
                update.setLong(4, count(lines, LineStatus.REJECTED));
                update.setLong(5, processed);
                update.setLong(6, processed);
                update.setString(7, importId);
                try (ResultSet status = update.executeQuery()) {
                    if (status.next() && Status.valueOf(status.getString(1)) == Status.DONE) {
                        deleteUpload(c, importId);
                    }
                }
            }
            c.commit();
            c.setAutoCommit(true);
            // after the commit, so that a decision noted meanwhile is seen here or sees the lines (see routed)
            String[] accepted = lines.stream().filter(l -> l.status() == LineStatus.ACCEPTED)
                    .map(Line::interactionId).toArray(String[]::new);
            if (accepted.length > 0) {
                countEarlyDecisions(c, "l.interaction_id = any(?)", c.createArrayOf("varchar", accepted));
            }
        }
    }

    public void fail(String importId, String failure) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement(
                    "update import_run set status = 'FAILED', failure = ?, finished_at = now() where id = ?")) {
                q.setString(1, failure);
                q.setString(2, importId);
                q.executeUpdate();
            }
            // a failed import is not resumed: the same file is imported again as a new one
            deleteUpload(c, importId);
            c.commit();
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    /**
     * Deletes an ended import's upload (the file as sent, in clear: personal values an erasure could not reach).
     * Nothing reads it afterwards: only RUNNING imports are processed; the run's counts, header and lines stay.
     */
    private static void deleteUpload(Connection c, String importId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("delete from import_chunk where import_id = ?")) {
            q.setString(1, importId);
            q.executeUpdate();
        }
    }

    /** A routing decision: the interaction and when it was decided. */
    public record Decision(String interactionId, Instant routedAt) { }

    /**
     * Counts the decisions of imported interactions, each once (a decision delivered twice counts once); returns how
     * many were counted now. Live traffic's decisions match no line and change nothing. A decision that arrives while
     * an import runs and finds no line may be ahead of its batch's commit: it is noted, and counted by
     * {@link #commitBatch} or by this method's second look, whichever comes after the other.
     */
    public long routed(List<Decision> decisions) {
        if (decisions.isEmpty()) {
            return 0;
        }
        try (Connection c = db.getConnection()) {
            long counted;
            List<String> early = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("""
                    with d as (select * from unnest(?::varchar[], ?::timestamptz[]) as d(interaction_id, routed_at)),
                    line as (
                      update import_line l set routed_at = d.routed_at from d
                      where l.interaction_id = d.interaction_id and l.routed_at is null and l.status = 'ACCEPTED'
                      returning l.import_id),
                    counted as (
                      update import_run run set routed = run.routed + n.n
                      from (select import_id, count(*) as n from line group by import_id) n where run.id = n.import_id
                      returning n.n),
                    early as (
                      insert into import_routed (interaction_id, routed_at)
                      select d.interaction_id, d.routed_at from d
                      where not exists (select 1 from import_line l where l.interaction_id = d.interaction_id)
                        and exists (select 1 from import_run where status = 'RUNNING')
                      on conflict do nothing returning interaction_id)
                    select 'counted', (select coalesce(sum(n), 0) from counted)::varchar
                    union all select 'early', interaction_id from early""")) {
                q.setArray(1, array(c, decisions.stream().map(Decision::interactionId).toList()));
                q.setArray(2, c.createArrayOf("timestamptz",
                        decisions.stream().map(d -> Timestamp.from(d.routedAt())).toArray()));
                counted = 0;
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(1).equals("counted")) {
                            counted = Long.parseLong(rs.getString(2));
                        } else {
                            early.add(rs.getString(2));
                        }
                    }
                }
            }
            // the notes are committed: lines committed meanwhile are found by this look, the others by their commit
            return early.isEmpty() ? counted
                    : counted + countEarlyDecisions(c, "l.interaction_id = any(?)", array(c, early));
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    /**
     * Counts every decision still waiting for its line (a restart can fall between a batch's commit and its count)
     * and forgets notes an hour old: live traffic's decisions made while an import ran. Cheap: it starts from the
     * few notes.
     */
    public void countEarlyDecisions() {
        try (Connection c = db.getConnection()) {
            countEarlyDecisions(c, "true", null);
            try (PreparedStatement q = c.prepareStatement(
                    "delete from import_routed where noted_at < now() - interval '1 hour'")) {
                q.executeUpdate();
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException(e);
        }
    }

    /** Marks the lines (chosen by {@code where} on import_line l) whose decision was noted early, and counts them. */
    private static long countEarlyDecisions(Connection c, String where, Object parameter) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                with line as (
                  update import_line l set routed_at = r.routed_at from import_routed r
                  where r.interaction_id = l.interaction_id and l.routed_at is null and l.status = 'ACCEPTED'
                    and %s
                  returning l.import_id, l.interaction_id),
                noted as (delete from import_routed where interaction_id in (select interaction_id from line)),
                counted as (select import_id, count(*) as n from line group by import_id)
                update import_run run set routed = run.routed + counted.n from counted where run.id = counted.import_id
                returning counted.n""".formatted(where))) {
            if (parameter != null) {
                q.setObject(1, parameter);
            }
            long n = 0;
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    n += rs.getLong(1);
                }
            }
            return n;
        }
    }

    private static long count(List<Line> lines, LineStatus status) {
        return lines.stream().filter(l -> l.status() == status).count();
    }

    private static Array array(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("varchar", values.toArray());
    }

    private static Run run(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Run(rs.getString("id"), rs.getString("mapping"), rs.getString("media_type"),
                rs.getString("content_hash"), Status.valueOf(rs.getString("status")), rs.getString("header"),
                rs.getLong("lines"), rs.getLong("processed"), rs.getLong("accepted"), rs.getLong("duplicates"),
                rs.getLong("rejected"), rs.getLong("routed"), rs.getString("failure"),
                rs.getTimestamp("created_at").toInstant(), finished == null ? null : finished.toInstant());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
