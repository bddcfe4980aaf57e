package dev.exceptionledger.routing.persistence;

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

/** Policy documents by version, and the history of activations (plain JDBC: two small tables). */
@ApplicationScoped
public class PolicyStore {

    /** A stored version; {@code activatedAt} is its latest activation, null if never active. */
    public record StoredVersion(String version, Instant createdAt, String createdBy, Instant activatedAt,
                                String activatedBy) { }

    /** The outcome of {@link #activate}. */
    public enum Activation { NEW_VERSION, REACTIVATED, ALREADY_ACTIVE, VERSION_CONFLICT }

    private final AgroalDataSource dataSource;

    public PolicyStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The active document: the one activated last. */
    public Optional<String> activeDocument() {
        return query("SELECT v.document FROM policy_activation a JOIN policy_version v USING (version) "
                + "ORDER BY a.id DESC LIMIT 1", null);
    }

    /** The active version: cheap enough to ask every few seconds (one index lookup, no document). */
    public Optional<String> activeVersion() {
        return query("SELECT version FROM policy_activation ORDER BY id DESC LIMIT 1", null);
    }

    public Optional<String> document(String version) {
        return query("SELECT document FROM policy_version WHERE version = ?", version);
    }

    /**
     * Stores the document under its version (unless stored already) and makes it the active one, in one
     * transaction. A version is immutable: another document under a stored version is a conflict.
     */
    public Activation activate(String version, String document, String by) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // one activation at a time, so "already active" and the append below cannot interleave
                try (PreparedStatement lock = c.prepareStatement("LOCK TABLE policy_activation IN EXCLUSIVE MODE")) {
                    lock.execute();
                }
                Activation result = activate(c, version, document, by);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store policy " + version, e);
        }
    }

    private Activation activate(Connection c, String version, String document, String by) throws SQLException {
        Instant now = Instant.now();
        Optional<String> stored = query(c, "SELECT document FROM policy_version WHERE version = ?", version);
        if (stored.isPresent() && !stored.get().equals(document)) {
            return Activation.VERSION_CONFLICT;
        }
        if (stored.isEmpty()) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO policy_version (version, document, created_at, created_by) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, version);
                insert.setString(2, document);
                insert.setTimestamp(3, Timestamp.from(now));
                insert.setString(4, by);
                insert.executeUpdate();
            }
        } else if (version.equals(query(c, "SELECT version FROM policy_activation ORDER BY id DESC LIMIT 1", null)
                .orElse(null))) {
            return Activation.ALREADY_ACTIVE;
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO policy_activation (version, activated_at, activated_by) VALUES (?, ?, ?)")) {
            insert.setString(1, version);
            insert.setTimestamp(2, Timestamp.from(now));
            insert.setString(3, by);
            insert.executeUpdate();
        }
        return stored.isEmpty() ? Activation.NEW_VERSION : Activation.REACTIVATED;
    }

    /** Every stored version, the most recently activated first, never-activated ones last. */
    public List<StoredVersion> versions() {
        String sql = "SELECT v.version, v.created_at, v.created_by, a.activated_at, a.activated_by "
                + "FROM policy_version v LEFT JOIN LATERAL (SELECT activated_at, activated_by, id "
                + "FROM policy_activation WHERE version = v.version ORDER BY id DESC LIMIT 1) a ON true "
                + "ORDER BY a.id DESC NULLS LAST, v.created_at DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(sql);
             ResultSet rs = select.executeQuery()) {
            List<StoredVersion> versions = new ArrayList<>();
            while (rs.next()) {
                Timestamp activated = rs.getTimestamp(4);
                versions.add(new StoredVersion(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        activated == null ? null : activated.toInstant(), rs.getString(5)));
            }
            return versions;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list policy versions", e);
        }
    }

    private Optional<String> query(String sql, String parameter) {
        try (Connection c = dataSource.getConnection()) {
            return query(c, sql, parameter);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read policies", e);
        }
    }

    private static Optional<String> query(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            if (parameter != null) {
                select.setString(1, parameter);
            }
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
