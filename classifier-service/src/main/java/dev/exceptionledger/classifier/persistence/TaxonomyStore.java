package dev.exceptionledger.classifier.persistence;

import dev.exceptionledger.classifier.domain.FeedbackLearner;
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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Taxonomy versions (immutable, each with its parent, reason and author), the history of activations (the latest is
 * the active version every replica follows) and the corrections waiting for a new intent; plain JDBC. Every write
 * holds the activation table's lock, so writes happen one at a time across replicas.
 */
@ApplicationScoped
public class TaxonomyStore {

    /** Why a version exists. */
    public enum Reason { SHIPPED, PUT, CORRECTION, ERASURE;

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
     *
     * @param interactionId the interaction corrected (null in corrections from before it was sent): its subject's
     *                      erasure takes the text out again
     * @param text          the corrected text
     */
    public record Seen(UUID eventId, String parent, String intent, int waiting, String interactionId, String text) { }

    /** An erasure's rewrite of the versions, made by the caller once the texts to forget are known. */
    public interface Redaction {
        /** The stored version without the texts, under its own name; empty when it has none of them. */
        Optional<NewVersion> redact(Document version);

        /** The version to activate instead: the active one without the texts, under a new name; empty if none. */
        Optional<NewVersion> next(Document active);
    }

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

    /** When an erasure last took texts out of stored versions; empty if none ever did. */
    public Optional<Instant> lastRedaction() {
        return read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT max(redacted_at) FROM taxonomy_version");
                 ResultSet rs = select.executeQuery()) {
                rs.next();
                Timestamp at = rs.getTimestamp(1);
                return Optional.ofNullable(at).map(Timestamp::toInstant);
            }
        });
    }

    public Optional<Document> active() {
        return read(TaxonomyStore::activeDocument);
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
            if (erased(c, seen.interactionId())) {
                return Outcome.UNCHANGED;
            }
            if (!unchanged(c, seen)) {
                return Outcome.STALE;
            }
            if (string(c, "SELECT version FROM taxonomy_version WHERE version = ?", version.version()).isPresent()) {
                return Outcome.VERSION_CONFLICT;
            }
            insert(c, version, seen.parent(), seen.eventId());
            insertActivation(c, version.version(), version.by());
            if (seen.interactionId() != null) {
                try (PreparedStatement example = c.prepareStatement("INSERT INTO learned_example "
                        + "(correction_event_id, interaction_id, intent, text_sha256) VALUES (?, ?, ?, ?)")) {
                    example.setObject(1, seen.eventId());
                    example.setString(2, seen.interactionId());
                    example.setString(3, seen.intent());
                    example.setString(4, FeedbackLearner.textHash(seen.text()));
                    example.executeUpdate();
                }
            }
            // the waiting corrections are now the new intent's examples
            try (PreparedStatement examples = c.prepareStatement("INSERT INTO learned_example (correction_event_id, "
                    + "interaction_id, intent, text_sha256) SELECT event_id, interaction_id, intent, "
                    + "encode(sha256(convert_to(text, 'UTF8')), 'hex') FROM waiting_correction "
                    + "WHERE intent = ? AND interaction_id IS NOT NULL")) {
                examples.setString(1, seen.intent());
                examples.executeUpdate();
            }
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
            if (erased(c, seen.interactionId())) {
                return Outcome.UNCHANGED;
            }
            if (!unchanged(c, seen)) {
                return Outcome.STALE;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO waiting_correction "
                    + "(event_id, intent, text, team, received_at, interaction_id) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setObject(1, seen.eventId());
                insert.setString(2, correction.intent());
                insert.setString(3, correction.text());
                insert.setString(4, correction.team());
                insert.setTimestamp(5, Timestamp.from(Instant.now()));
                insert.setString(6, seen.interactionId());
                insert.executeUpdate();
            }
            return Outcome.WAITING;
        });
    }

    /** What an erasure did here: the new active version (null if none was needed) and the versions rewritten. */
    public record Erased(String newVersion, List<String> redactedVersions, int waitingDropped) { }

    /**
     * Forgets what corrections taught about the interactions of an erased subject, in one transaction: their waiting
     * corrections are dropped, every stored version whose document has one of their texts is rewritten without it
     * (its name kept, {@code redacted_at} set), the active version is replaced by a new one without them (reason
     * erasure), and no later correction of these interactions is learned. Idempotent: a second call finds nothing
     * left to forget.
     *
     * @param redactionOf the rewrite, given the {@link FeedbackLearner#textHash} of each text to forget
     */
    public Erased erase(List<String> interactionIds, Function<Set<String>, Redaction> redactionOf) {
        return write(c -> {
            String[] ids = interactionIds.toArray(String[]::new);
            try (PreparedStatement erased = c.prepareStatement("INSERT INTO erased_interaction (interaction_id, "
                    + "erased_at) SELECT unnest(?::text[]), now() ON CONFLICT DO NOTHING")) {
                erased.setArray(1, c.createArrayOf("text", ids));
                erased.executeUpdate();
            }
            int waitingDropped;
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM waiting_correction WHERE interaction_id = ANY (?)")) {
                delete.setArray(1, c.createArrayOf("text", ids));
                waitingDropped = delete.executeUpdate();
            }
            Set<String> texts = new HashSet<>();
            try (PreparedStatement select = c.prepareStatement(
                    "DELETE FROM learned_example WHERE interaction_id = ANY (?) RETURNING text_sha256")) {
                select.setArray(1, c.createArrayOf("text", ids));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        texts.add(rs.getString(1));
                    }
                }
            }
            if (texts.isEmpty()) {
                return new Erased(null, List.of(), waitingDropped);
            }
            Redaction redaction = redactionOf.apply(texts);
            String newVersion = null;
            Optional<Document> active = activeDocument(c);
            if (active.isPresent()) {
                Optional<NewVersion> next = redaction.next(active.get());
                if (next.isPresent()) {
                    insert(c, next.get(), active.get().version(), null);
                    insertActivation(c, next.get().version(), next.get().by());
                    newVersion = next.get().version();
                }
            }
            List<String> redacted = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT version, document FROM taxonomy_version");
                 ResultSet rs = select.executeQuery();
                 PreparedStatement update = c.prepareStatement("UPDATE taxonomy_version SET document = ?, "
                         + "intents = ?, redacted_at = now() WHERE version = ?")) {
                while (rs.next()) {
                    Optional<NewVersion> without = redaction.redact(new Document(rs.getString(1), rs.getString(2)));
                    if (without.isPresent()) {
                        update.setString(1, without.get().document());
                        update.setInt(2, without.get().intents());
                        update.setString(3, rs.getString(1));
                        update.executeUpdate();
                        redacted.add(rs.getString(1));
                    }
                }
            }
            return new Erased(newVersion, redacted, waitingDropped);
        });
    }

    /** The correction made a version or waits already: a redelivery, to be dropped. */
    /** The {@code FeedbackLearner.textHash}es of every example learned from a correction (and not erased). */
    public Set<String> learnedTextHashes() {
        Set<String> hashes = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT DISTINCT text_sha256 FROM learned_example");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                hashes.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the learned examples: " + e.getMessage(), e);
        }
        return hashes;
    }

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

    private static Optional<Document> activeDocument(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT v.version, v.document FROM taxonomy_activation a "
                + "JOIN taxonomy_version v USING (version) ORDER BY a.id DESC LIMIT 1");
             ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(new Document(rs.getString(1), rs.getString(2))) : Optional.empty();
        }
    }

    private static boolean erased(Connection c, String interactionId) throws SQLException {
        return interactionId != null && string(c, "SELECT interaction_id FROM erased_interaction "
                + "WHERE interaction_id = ?", interactionId).isPresent();
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
