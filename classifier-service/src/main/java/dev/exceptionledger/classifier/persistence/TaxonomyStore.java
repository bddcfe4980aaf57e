package dev.exceptionledger.classifier.persistence;

import dev.exceptionledger.classifier.domain.FeedbackLearner.Waiting;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Taxonomy versions (immutable, each with its parent, reason and author), the history of activations (the latest is
 * the active version every replica follows) and the corrections waiting for a new intent; plain JDBC. Every write
 * holds the activation table's lock, so writes happen one at a time across replicas.
 */
@ApplicationScoped
public class TaxonomyStore {

    /** Why a version exists. */
    public enum Reason { SHIPPED, PUT, CORRECTION;

        String column() {
            return name().toLowerCase();
        }
    }

    /** A version to store: its canonical JSON document and number of intents (listed without reading documents). */
    public record NewVersion(String version, String document, int intents, Reason reason, String by) { }

    /** A stored version; {@code activatedAt} is its latest activation, null if never active. */
    public record StoredVersion(String version, String parent, String reason, Instant createdAt, String createdBy,
                                int intents, Instant activatedAt, String activatedBy) { }

    public record Document(String version, String document) { }

    /**
     * What a correction was learned from: the active version and the number of corrections waiting for its intent.
     * Its result is stored only if both are unchanged, else it is learned again from the new state.
     */
    public record Seen(UUID eventId, String parent, String intent, int waiting) { }

    /** The outcome of a write. */
    public enum Outcome { NEW_VERSION, REACTIVATED, ALREADY_ACTIVE, ALREADY_STORED, VERSION_CONFLICT, STALE, WAITING, UNCHANGED }

    private final AgroalDataSource dataSource;

    public TaxonomyStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The active version: cheap enough to ask every second (one index lookup, no document). */
    public Optional<String> activeVersion() {
        return read(c -> activeVersion(c));
    }

    public Optional<Document> active() {
        return read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT v.version, v.document FROM taxonomy_activation a "
                    + "JOIN taxonomy_version v USING (version) ORDER BY a.id DESC LIMIT 1");
                 ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new Document(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        });
    }

    public Optional<String> document(String version) {
        return read(c -> string(c, "SELECT document FROM taxonomy_version WHERE version = ?", version));
    }

    /**
     * Stores the version (unless stored) with the active version as its parent, and activates it. A version is
     * immutable: another document under a stored name is a conflict.
     *
     * @param onlyIfNew a version stored already is left as it is, active or not (the shipped taxonomy at start)
     */
    public Outcome activate(NewVersion version, boolean onlyIfNew) {
        return write(c -> {
            Optional<String> stored = string(c, "SELECT document FROM taxonomy_version WHERE version = ?",
                    version.version());
            if (stored.isPresent() && !stored.get().equals(version.document())) {
                return Outcome.VERSION_CONFLICT;
            }
            if (stored.isPresent() && onlyIfNew) {
                return Outcome.ALREADY_STORED;
            }
            Optional<String> active = activeVersion(c);
            if (stored.isPresent() && active.equals(Optional.of(version.version()))) {
                return Outcome.ALREADY_ACTIVE;
            }
            if (stored.isEmpty()) {
                insert(c, version, active.orElse(null), null);
            }
            insertActivation(c, version.version(), version.by());
            return stored.isEmpty() ? Outcome.NEW_VERSION : Outcome.REACTIVATED;
        });
    }

    /**
     * Stores and activates the version a correction made, if the state it was learned from still holds.
     *
     * @return NEW_VERSION, or STALE when another version became active or another correction waits for its intent
     *         meanwhile (learn again), or VERSION_CONFLICT when its name is taken
     */
    public Outcome learned(Seen seen, NewVersion version) {
        return write(c -> {
            if (!unchanged(c, seen)) {
                return Outcome.STALE;
            }
            if (string(c, "SELECT version FROM taxonomy_version WHERE version = ?", version.version()).isPresent()) {
                return Outcome.VERSION_CONFLICT;
            }
            insert(c, version, seen.parent(), seen.eventId());
            insertActivation(c, version.version(), version.by());
            // the waiting corrections are now the new intent's examples
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM waiting_correction WHERE intent = ?")) {
                delete.setString(1, seen.intent());
                delete.executeUpdate();
            }
            return Outcome.NEW_VERSION;
        });
    }

    /** Keeps a correction waiting for its new intent, if the state it was judged on still holds (else STALE). */
    public Outcome waiting(Seen seen, Waiting correction) {
        return write(c -> {
            if (!unchanged(c, seen)) {
                return Outcome.STALE;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO waiting_correction "
                    + "(event_id, intent, text, team, received_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setObject(1, seen.eventId());
                insert.setString(2, correction.intent());
                insert.setString(3, correction.text());
                insert.setString(4, correction.team());
                insert.setTimestamp(5, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            return Outcome.WAITING;
        });
    }

    /** The correction made a version or waits already: a redelivery, to be dropped. */
    public boolean consumed(UUID eventId) {
        return read(c -> string(c, "SELECT version FROM taxonomy_version WHERE correction_event_id = ? UNION ALL "
                + "SELECT intent FROM waiting_correction WHERE event_id = ?", eventId, eventId).isPresent());
    }

    /** The corrections waiting for an intent, in the order they came. */
    public List<Waiting> waitingFor(String intent) {
        return read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT intent, text, team FROM waiting_correction WHERE intent = ? ORDER BY id")) {
                select.setString(1, intent);
                try (ResultSet rs = select.executeQuery()) {
                    List<Waiting> waiting = new ArrayList<>();
                    while (rs.next()) {
                        waiting.add(new Waiting(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                    return waiting;
                }
            }
        });
    }

    /** The next n of {@code <base>+learned.<n>}: one more than any stored. */
    public int nextLearnedNumber(String base) {
        String prefix = base + "+learned.";
        return read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT version FROM taxonomy_version WHERE starts_with(version, ?)")) {
                select.setString(1, prefix);
                int max = 0;
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        try {
                            max = Math.max(max, Integer.parseInt(rs.getString(1).substring(prefix.length())));
                        } catch (NumberFormatException e) {
                            // a person's own name that merely looks learned
                        }
                    }
                }
                return max + 1;
            }
        });
    }

    /** Every stored version, the most recently activated first, never-activated ones last. */
    public List<StoredVersion> versions() {
        String sql = "SELECT v.version, v.parent, v.reason, v.created_at, v.created_by, v.intents, a.activated_at, "
                + "a.activated_by FROM taxonomy_version v LEFT JOIN LATERAL (SELECT activated_at, activated_by, id "
                + "FROM taxonomy_activation WHERE version = v.version ORDER BY id DESC LIMIT 1) a ON true "
                + "ORDER BY a.id DESC NULLS LAST, v.created_at DESC";
        return read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql); ResultSet rs = select.executeQuery()) {
                List<StoredVersion> versions = new ArrayList<>();
                while (rs.next()) {
                    Timestamp activated = rs.getTimestamp(7);
                    versions.add(new StoredVersion(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getInt(6),
                            activated == null ? null : activated.toInstant(), rs.getString(8)));
                }
                return versions;
            }
        });
    }

    private static boolean unchanged(Connection c, Seen seen) throws SQLException {
        if (!activeVersion(c).equals(Optional.ofNullable(seen.parent()))) {
            return false;
        }
        try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM waiting_correction WHERE intent = ?")) {
            count.setString(1, seen.intent());
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1) == seen.waiting();
            }
        }
    }

    private static Optional<String> activeVersion(Connection c) throws SQLException {
        return string(c, "SELECT version FROM taxonomy_activation ORDER BY id DESC LIMIT 1");
    }

    private static void insert(Connection c, NewVersion version, String parent, UUID correction) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO taxonomy_version (version, document, parent, "
                + "reason, created_at, created_by, correction_event_id, intents) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, version.version());
            insert.setString(2, version.document());
            insert.setString(3, parent);
            insert.setString(4, version.reason().column());
            insert.setTimestamp(5, Timestamp.from(Instant.now()));
            insert.setString(6, version.by());
            insert.setObject(7, correction);
            insert.setInt(8, version.intents());
            insert.executeUpdate();
        }
    }

    private static void insertActivation(Connection c, String version, String by) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO taxonomy_activation (version, activated_at, activated_by) VALUES (?, ?, ?)")) {
            insert.setString(1, version);
            insert.setTimestamp(2, Timestamp.from(Instant.now()));
            insert.setString(3, by);
            insert.executeUpdate();
        }
    }

    private static Optional<String> string(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    private <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.on(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read taxonomy versions", e);
        }
    }

    /** One transaction holding the activation table's lock: one write at a time, across replicas. */
    private <T> T write(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("LOCK TABLE taxonomy_activation IN EXCLUSIVE MODE")) {
                    lock.execute();
                }
                T result = work.on(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store taxonomy versions", e);
        }
    }
}
