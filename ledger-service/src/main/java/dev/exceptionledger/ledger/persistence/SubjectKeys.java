package dev.exceptionledger.ledger.persistence;

import dev.exceptionledger.ledger.domain.PersonalData;

import javax.crypto.SecretKey;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The per-contact keys (table subject_key). A subject whose key was destroyed maps to null. */
final class SubjectKeys {
    private SubjectKeys() { }

    /** The keys of these subjects, creating the missing ones; runs in the caller's transaction. */
    static Map<String, SecretKey> keysFor(Connection connection, Set<String> subjects) throws SQLException {
        Map<String, SecretKey> keys = new HashMap<>();
        if (subjects.isEmpty()) {
            return keys;
        }
        Array ids = connection.createArrayOf("varchar", subjects.toArray());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO subject_key (contact_id, secret) VALUES (?, ?) ON CONFLICT (contact_id) DO NOTHING")) {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT contact_id FROM subject_key WHERE contact_id = ANY(?)")) {
                select.setArray(1, ids);
                try (ResultSet rs = select.executeQuery()) {
                    Set<String> missing = new java.util.HashSet<>(subjects);
                    while (rs.next()) {
                        missing.remove(rs.getString(1));
                    }
                    for (String subject : missing) {
                        insert.setString(1, subject);
                        insert.setBytes(2, PersonalData.newKey().getEncoded());
                        insert.addBatch();
                    }
                    if (!missing.isEmpty()) {
                        insert.executeBatch();
                    }
                }
            }
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT contact_id, secret FROM subject_key WHERE contact_id = ANY(?)")) {
            select.setArray(1, ids);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.put(rs.getString(1), PersonalData.key(rs.getBytes(2)));
                }
            }
        }
        return keys;
    }

    /** Destroys the key (or records the subject as erased before any key existed); @return false if it was already. */
    static boolean erase(Connection connection, String contactId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO subject_key (contact_id, secret, erased_at) VALUES (?, NULL, now())
                ON CONFLICT (contact_id) DO UPDATE SET secret = NULL, erased_at = now()
                WHERE subject_key.erased_at IS NULL""")) {
            statement.setString(1, contactId);
            return statement.executeUpdate() == 1;
        }
    }
}
