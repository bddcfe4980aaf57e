package dev.exceptionledger.ledger.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * The ledger's hash chain: hash(n) = SHA-256(hash(n-1) || every stored column of event n), length-prefixed so no
 * two different rows hash alike. Changing, removing or inserting a stored row breaks the chain from there on.
 */
public final class ChainHash {
    private ChainHash() { }

    /** The predecessor of the first chained event. */
    public static final byte[] GENESIS = new byte[32];

    /** One row of the event store, exactly as stored. */
    public record StoredEvent(long globalIndex, String aggregateId, long sequence, String aggregateType,
                              String eventIdentifier, byte[] metadata, byte[] payload, String payloadRevision,
                              String payloadType, String timestamp, String eventType, Instant occurredAt,
                              String subjectId) {
    }

    public static byte[] next(byte[] previous, StoredEvent row) {
        MessageDigest sha = sha256();
        sha.update(previous);
        sha.update(ByteBuffer.allocate(16).putLong(row.globalIndex()).putLong(row.sequence()).array());
        for (String text : new String[] {row.aggregateId(), row.aggregateType(), row.eventIdentifier(),
                row.payloadRevision(), row.payloadType(), row.timestamp(), row.eventType(), row.subjectId(),
                row.occurredAt() == null ? null : String.valueOf(micros(row.occurredAt()))}) {
            field(sha, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        }
        field(sha, row.metadata());
        field(sha, row.payload());
        return sha.digest();
    }

    /** PostgreSQL keeps microseconds: the appender stores and hashes instants at that precision. */
    public static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static void field(MessageDigest sha, byte[] bytes) {
        sha.update(ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
        if (bytes != null) {
            sha.update(bytes);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static String hex(byte[] hash) {
        return hash == null ? null : java.util.HexFormat.of().formatHex(hash);
    }
}
