package dev.exceptionledger.ledger.persistence;

import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import dev.exceptionledger.ledger.domain.ChainHash.StoredEvent;
import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A replay's reader thread: reads the rows of a query through a cursor, and parses them, into a bounded queue that
 * the replay's writer takes from. A failure reaches the writer after the rows read before it.
 */
final class ReplayReader extends Thread {

    /** A row as read, with its chain hash and its subject's secret (null: none or erased). */
    record Row(StoredEvent row, InteractionEventRecorded event, byte[] secret, byte[] hash) {
    }

    private static final Row END = new Row(null, null, null, null);

    private final AgroalDataSource dataSource;
    private final String sql;
    private final List<Object> parameters;
    private final BlockingQueue<Row> rows;
    private volatile RuntimeException failure;

    ReplayReader(AgroalDataSource dataSource, String sql, List<Object> parameters, int readAhead) {
        super("replay-reader");
        setDaemon(true);
        this.dataSource = dataSource;
        this.sql = sql;
        this.parameters = parameters;
        this.rows = new ArrayBlockingQueue<>(readAhead);
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
                statement.setFetchSize(StoredEventRows.FETCH_SIZE);
                StoredEventRows.binaryTransfer(statement);
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        StoredEvent row = StoredEventRows.read(rs);
                        rows.put(new Row(row, StoredEventRows.event(row), rs.getBytes("secret"), rs.getBytes("hash")));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    /** @return the next row, or null after the last */
    Row next() {
        try {
            Row row = rows.take();
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
