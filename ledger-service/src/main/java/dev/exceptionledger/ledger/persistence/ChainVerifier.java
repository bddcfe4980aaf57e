package dev.exceptionledger.ledger.persistence;

import dev.exceptionledger.ledger.domain.ChainHash;
import dev.exceptionledger.ledger.domain.ChainHash.StoredEvent;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** Verification of the hash chain: recomputed over the stored rows and compared with the stored hashes. */
@ApplicationScoped
public class ChainVerifier {

    private final AgroalDataSource dataSource;
    private final MeterRegistry metrics;
    /** The last verification's result, 1 intact or 0 broken: {@code exledger_ledger_chain_intact}. */
    private final AtomicInteger lastIntact = new AtomicInteger();

    ChainVerifier(AgroalDataSource dataSource, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.metrics = metrics;
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
                return counted(verify(connection));
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot verify the ledger: " + e.getMessage(), e);
        }
    }

    /** Each verification by result, and the last one's as a gauge (absent until the first verification). */
    private Verification counted(Verification verification) {
        metrics.counter("exledger.ledger.verifications", "result", verification.intact() ? "intact" : "broken")
                .increment();
        lastIntact.set(verification.intact() ? 1 : 0);
        metrics.gauge("exledger.ledger.chain.intact", lastIntact);
        return verification;
    }

    private static Verification verify(Connection connection) throws SQLException {
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
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + StoredEventRows.COLUMNS
                + ", c.hash FROM domainevententry e LEFT JOIN ledger_chain c ON c.globalindex = e.globalindex "
                + "WHERE e.globalindex > ? ORDER BY e.globalindex")) {
            statement.setFetchSize(StoredEventRows.FETCH_SIZE);
            StoredEventRows.binaryTransfer(statement);
            statement.setLong(1, startsAfter);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    StoredEvent row = StoredEventRows.read(rs);
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
