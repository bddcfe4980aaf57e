package dev.exceptionledger.ledger.persistence;

import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.support.PersonalSeal;

import javax.crypto.SecretKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The per-contact keys (table subject_key). A subject whose key was destroyed maps to null. */
final class SubjectKeys {
    private SubjectKeys() { }

    /** The keys of these subjects, creating the missing ones; runs in the caller's transaction. */
    static Map<String, SecretKey> keysFor(Connection connection, Set<String> subjects) throws SQLException {
        return issue(connection, subjects).keys();
    }

    /**
     * The keys of these subjects (null for an erased one), creating the missing ones, and how many it created;
     * runs in the caller's transaction.
     */
    static Issued issue(Connection connection, Set<String> subjects) throws SQLException {
        Map<String, SecretKey> keys = new HashMap<>();
        if (subjects.isEmpty()) {
            return new Issued(keys, 0);
        }
        // most subjects have a key already (every service after intake asks for the same ones): one statement
        selectKeys(connection, subjects, keys);
        List<String> missing = subjects.stream().filter(subject -> !keys.containsKey(subject)).toList();
        if (missing.isEmpty()) {
            return new Issued(keys, 0);
        }
        int created = 0;
        byte[][] secrets = new byte[missing.size()][];
        for (int i = 0; i < secrets.length; i++) {
            secrets[i] = PersonalSeal.newKey().getEncoded();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO subject_key (contact_id, secret) "
                + "SELECT * FROM unnest(?::varchar[], ?::bytea[]) ON CONFLICT (contact_id) DO NOTHING "
                + "RETURNING contact_id, secret")) {
            insert.setArray(1, connection.createArrayOf("varchar", missing.toArray()));
            insert.setArray(2, connection.createArrayOf("bytea", secrets));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    keys.put(rs.getString(1), PersonalSeal.key(rs.getBytes(2)));
                    created++;
                }
            }
        }
        if (created < missing.size()) {
            // a concurrent caller created some of them first: ON CONFLICT kept its key, which is the one to hand out
            selectKeys(connection, missing.stream().filter(subject -> !keys.containsKey(subject)).toList(), keys);
        }
        return new Issued(keys, created);
    }

    private static void selectKeys(Connection connection, Collection<String> subjects, Map<String, SecretKey> keys)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT contact_id, secret FROM subject_key WHERE contact_id = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("varchar", subjects.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.put(rs.getString(1), PersonalSeal.key(rs.getBytes(2)));
                }
            }
        }
    }

    /**
     * @param keys    every asked subject's key, null for an erased one
     * @param created how many of them this call created
     */
    record Issued(Map<String, SecretKey> keys, int created) {
    }

    /**
     * The subject each of these interactions' stored events belongs to, where one is known: a contact's rather than
     * the interaction's own when both are.
     */
    static Map<String, String> subjectsOfInteractions(Connection connection, Set<String> interactionIds)
            throws SQLException {
        Map<String, String> subjects = new HashMap<>();
        if (interactionIds.isEmpty()) {
            return subjects;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT aggregateidentifier, subject_id "
                + "FROM domainevententry WHERE aggregateidentifier = ANY(?) AND subject_id IS NOT NULL")) {
            select.setArray(1, connection.createArrayOf("varchar", interactionIds.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String interactionId = rs.getString(1);
                    String subject = rs.getString(2);
                    if (!subject.equals(PersonalFields.contactIdOfInteraction(interactionId))) {
                        subjects.put(interactionId, subject);
                    } else {
                        subjects.putIfAbsent(interactionId, subject);
                    }
                }
            }
        }
        return subjects;
    }

    /** A subject's key row: when it was created and, once erased, when; empty when the ledger never saw it. */
    static Optional<KeyState> state(Connection connection, String contactId, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT created_at, erased_at FROM subject_key "
                + "WHERE contact_id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setString(1, contactId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp erasedAt = rs.getTimestamp(2);
                return Optional.of(new KeyState(rs.getTimestamp(1).toInstant(),
                        erasedAt == null ? null : erasedAt.toInstant()));
            }
        }
    }

    record KeyState(Instant createdAt, Instant erasedAt) {
    }

    /**
     * Where a subject's personal values are: its interactions, the keys that seal them (the subject's own and, for
     * text about it that arrived before its contact did, each of its interactions' own), the verdicts on its
     * interactions, and per topic and producer how many ledger events carry them.
     */
    static Footprint footprint(Connection connection, String contactId) throws SQLException {
        List<String> interactions = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT DISTINCT aggregateidentifier FROM domainevententry WHERE subject_id = ? ORDER BY 1")) {
            select.setString(1, contactId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    interactions.add(rs.getString(1));
                }
            }
        }
        Set<String> keys = new TreeSet<>();
        keys.add(contactId);
        interactions.forEach(id -> keys.add(PersonalFields.contactIdOfInteraction(id)));
        List<Copies> copies = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT e.j ->> 'topic', e.j ->> 'producer', count(*), count(e.j -> 'sealedFor') FROM (
                    SELECT convert_from(payload, 'UTF8')::jsonb AS j FROM domainevententry WHERE subject_id = ANY(?)
                ) e GROUP BY 1, 2 ORDER BY 1, 2""")) {
            select.setArray(1, connection.createArrayOf("varchar", keys.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    copies.add(new Copies(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        List<String> reviews = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT DISTINCT CASE jsonb_typeof(e.j -> 'payload') WHEN 'string' THEN (e.j ->> 'payload')::jsonb
                                     ELSE e.j -> 'payload' END ->> 'reviewId' FROM (
                    SELECT convert_from(payload, 'UTF8')::jsonb AS j FROM domainevententry
                    WHERE aggregateidentifier = ANY(?) AND event_type = 'ReviewRecorded'
                ) e ORDER BY 1""")) {
            select.setArray(1, connection.createArrayOf("varchar", interactions.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) != null) {
                        reviews.add(rs.getString(1));
                    }
                }
            }
        }
        return new Footprint(List.copyOf(keys), interactions, reviews, copies);
    }

    /**
     * @param topic    the topic the events came from (null for the ledger's own facts)
     * @param producer the service that published them
     * @param sealed   how many of them their producer published sealed under the subject's key
     */
    record Copies(String topic, String producer, long events, long sealed) {
    }

    record Footprint(List<String> keys, List<String> interactionIds, List<String> reviewIds, List<Copies> copies) {
        long events() {
            return copies.stream().mapToLong(Copies::events).sum();
        }
    }

    /**
     * Destroys these keys, those not destroyed before; a key not created yet is recorded as destroyed, so that nothing
     * written about the subject later can be sealed under a new one.
     */
    static void erase(Connection connection, List<String> contactIds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO subject_key (contact_id, secret, erased_at) SELECT id, NULL, now() FROM unnest(?) AS id
                ON CONFLICT (contact_id) DO UPDATE SET secret = NULL, erased_at = now()
                WHERE subject_key.erased_at IS NULL""")) {
            statement.setArray(1, connection.createArrayOf("varchar", contactIds.toArray()));
            statement.executeUpdate();
        }
    }
}
