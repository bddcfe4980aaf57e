package dev.exceptionledger.ledger.persistence;

import dev.exceptionledger.ledger.api.EventToRecord;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Erasure by crypto-shredding: a subject's key is destroyed and the erasure recorded as a fact, together. */
@ApplicationScoped
public class SubjectEraser {

    private final AgroalDataSource dataSource;
    private final LedgerAppender appender;

    SubjectEraser(AgroalDataSource dataSource, LedgerAppender appender) {
        this.dataSource = dataSource;
        this.appender = appender;
    }

    /** Erases a subject and records the erasure fact, in one transaction. @return false when it was erased before */
    @Transactional
    public boolean erase(String contactId, EventToRecord fact) {
        try (Connection connection = dataSource.getConnection()) {
            boolean erased = SubjectKeys.erase(connection, contactId);
            appender.append(connection, List.of(fact));
            return erased;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot erase subject " + contactId + ": " + e.getMessage(), e);
        }
    }
}
