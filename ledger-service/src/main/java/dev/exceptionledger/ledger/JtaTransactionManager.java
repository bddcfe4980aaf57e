package dev.exceptionledger.ledger;

import jakarta.transaction.Status;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * Axon's transactions on Narayana: Agroal enlists every connection in the JTA transaction, so an append to the
 * event store, a projection's rows and its tracking token commit together. Joins a transaction already active.
 */
class JtaTransactionManager implements TransactionManager {

    private static final Transaction JOINED = new Transaction() {
        @Override
        public void commit() {
            // the outer transaction's owner commits
        }

        @Override
        public void rollback() {
            // the outer transaction's owner rolls back
        }
    };

    private final jakarta.transaction.TransactionManager jta;

    JtaTransactionManager(jakarta.transaction.TransactionManager jta) {
        this.jta = jta;
    }

    @Override
    public Transaction startTransaction() {
        try {
            if (jta.getStatus() == Status.STATUS_ACTIVE) {
                return JOINED;
            }
            jta.begin();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a JTA transaction", e);
        }
        return new Transaction() {
            @Override
            public void commit() {
                try {
                    jta.commit();
                } catch (Exception e) {
                    throw new IllegalStateException("JTA commit failed", e);
                }
            }

            @Override
            public void rollback() {
                try {
                    jta.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException("JTA rollback failed", e);
                }
            }
        };
    }
}
