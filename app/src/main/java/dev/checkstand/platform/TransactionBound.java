package dev.checkstand.platform;

import java.util.function.Supplier;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One callback per database transaction under a key, found by a map lookup: what gathers a transaction's work to do
 * once just before it commits (the stock its payments took, the event registry's rows).
 * <p>
 * Looking such an object up among the transaction's callbacks costs a copy and a sort of all of them on every call
 * ({@link TransactionSynchronizationManager#getSynchronizations()}); a transaction that pays a batch of orders, each
 * with its listeners' callbacks, paid that once per order and event — a cost growing with the square of the batch.
 * Here the object is bound as a transaction resource instead and kept to its transaction as Spring keeps callbacks:
 * set aside while an inner transaction of its own runs ({@code REQUIRES_NEW}, which gets its own), back when that
 * ends. Once its transaction begins to complete it is no longer handed out (callers then do their work at once, as
 * outside a transaction). A transaction is told apart by its connection holder, which Spring makes anew for each.
 */
public final class TransactionBound {

    private TransactionBound() {
    }

    /**
     * The current transaction's callback under {@code key}, made by {@code create} for the first caller and registered
     * with the transaction; null outside a database transaction and once the transaction has begun to complete. {@code key} is compared with {@code equals}: one per kind of object, or a record naming
     * what it is kept for.
     */
    @SuppressWarnings("unchecked")
    public static <T extends TransactionSynchronization> T get(Object key, Supplier<T> create) {
        ConnectionHolder connection = connection();
        if (connection == null) {
            return null;
        }
        Binding bound = bound(key, connection);
        if (bound != null) {
            return bound.closed ? null : (T) bound.value;
        }
        T created = create.get();
        Binding binding = new Binding(key, created, connection);
        TransactionSynchronizationManager.bindResource(key, binding);
        TransactionSynchronizationManager.registerSynchronization(created);
        TransactionSynchronizationManager.registerSynchronization(binding);
        return created;
    }

    /**
     * As {@link #get}, for writes put off to just before the commit; null also inside a run of a listener batch that
     * may roll back alone (to its savepoint), whose writes must be made at once to be undone with it.
     */
    public static <T extends TransactionSynchronization> T getForWrites(Object key, Supplier<T> create) {
        ListenerBatch batch = ListenerBatch.current();
        return batch != null && batch.savepoints() ? null : get(key, create);
    }

    /** The current transaction's callback under {@code key} if one was made, else null; none is made. */
    @SuppressWarnings("unchecked")
    public static <T extends TransactionSynchronization> T existing(Object key) {
        ConnectionHolder connection = connection();
        Binding bound = connection == null ? null : bound(key, connection);
        return bound == null || bound.closed ? null : (T) bound.value;
    }

    // What is bound under the key for the transaction holding this connection; one a transaction of this thread that
    // has ended left behind is unbound.
    private static Binding bound(Object key, ConnectionHolder connection) {
        if (TransactionSynchronizationManager.getResource(key) instanceof Binding bound) {
            if (bound.connection == connection) {
                return bound;
            }
            TransactionSynchronizationManager.unbindResource(key);
        }
        return null;
    }

    // The current transaction's connection; null outside a transaction with synchronization.
    private static ConnectionHolder connection() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        for (Object resource : TransactionSynchronizationManager.getResourceMap().values()) {
            if (resource instanceof ConnectionHolder holder) {
                return holder;
            }
        }
        return null;
    }

    // Kept bound after its transaction completed, closed, so that callbacks running after the commit find it and do
    // their work at once; the next transaction of the thread replaces it.
    private static final class Binding implements TransactionSynchronization {

        private final Object key;
        private final ConnectionHolder connection;
        private TransactionSynchronization value;
        private boolean closed;

        Binding(Object key, TransactionSynchronization value, ConnectionHolder connection) {
            this.key = key;
            this.value = value;
            this.connection = connection;
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResourceIfPossible(key);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.unbindResourceIfPossible(key);
            TransactionSynchronizationManager.bindResource(key, this);
        }

        @Override
        public void beforeCompletion() {
            closed = true;
        }

        @Override
        public void afterCompletion(int status) {
            closed = true;
            value = null;
        }
    }
}
