package dev.exceptionledger.ledger.persistence;

import dev.exceptionledger.ledger.persistence.SubjectKeys.Issued;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.crypto.SecretKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The subjects' keys handed out to the services that seal and open personal values (role {@code subject-keys}), each
 * hand-out counted per calling client and minute in {@code subject_key_access} in the same transaction: no key leaves
 * the ledger uncounted. Which subjects were asked is not kept, nor any key.
 */
@ApplicationScoped
public class KeyHandout {

    private final AgroalDataSource dataSource;

    KeyHandout(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The keys of these subjects (null for an erased one), creating the missing ones, counted for {@code client}. */
    @Transactional
    public Map<String, SecretKey> keysFor(String client, Set<String> subjects) {
        try (Connection connection = dataSource.getConnection()) {
            Issued issued = SubjectKeys.issue(connection, subjects);
            long returned = issued.keys().values().stream().filter(Objects::nonNull).count();
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO subject_key_access (client, minute, requests, keys_returned, keys_created)
                    VALUES (?, date_trunc('minute', now()), 1, ?, ?)
                    ON CONFLICT (client, minute) DO UPDATE SET requests = subject_key_access.requests + 1,
                        keys_returned = subject_key_access.keys_returned + excluded.keys_returned,
                        keys_created = subject_key_access.keys_created + excluded.keys_created""")) {
                upsert.setString(1, client);
                upsert.setLong(2, returned);
                upsert.setLong(3, issued.created());
                upsert.executeUpdate();
            }
            return issued.keys();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot hand out subject keys: " + e.getMessage(), e);
        }
    }

    /** The counts since {@code since}, newest minute first (then by client). */
    public List<Access> accessSince(Instant since) {
        List<Access> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT client, minute, requests, keys_returned, "
                     + "keys_created FROM subject_key_access WHERE minute >= ? ORDER BY minute DESC, client")) {
            select.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Access(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the subject keys' access counts: " + e.getMessage(), e);
        }
        return rows;
    }

    /**
     * One client's hand-outs in one minute.
     *
     * @param client       the calling client (its token's {@code azp})
     * @param minute       the minute's start
     * @param requests     calls
     * @param keysReturned keys handed out (erased subjects, answered null, not counted)
     * @param keysCreated  keys created for subjects the ledger had no key for yet
     */
    public record Access(String client, Instant minute, long requests, long keysReturned, long keysCreated) {
    }
}
