package dev.checkstand.platform;

import java.util.HashMap;
import java.util.Map;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * Rows a transaction has locked ahead, many by one statement, for the code that would otherwise lock them one by one
 * ({@code select … for update}) as it comes to them: a transaction that applies a batch of payments locks all their
 * attempts, then all their orders, before it applies the first, and each is then handed out once, as read.
 * <p>
 * A row is handed out once only: whoever takes it holds the row as the database has it and may change it; whoever
 * asks again reads the row again (it is still locked). A repository forgets a kept row whenever it writes it, so what is
 * handed out is never older than what the transaction saw last. Rows are kept only in a transaction that rolls back
 * as a whole: in a listener run that may roll back alone to its savepoint, the savepoint would release the locks and
 * leave the rows kept, so there nothing is kept and every caller locks for itself.
 */
public final class LockedAhead implements TransactionSynchronization {

    private final Map<Object, Object> rows = new HashMap<>();

    private LockedAhead() {
    }

    /**
     * Keeps {@code row}, which the current transaction has just read and locked, under {@code key} (a record naming
     * the table and the row); false, and nothing kept, where rows are not kept (outside a transaction, inside a listener
     * run with a savepoint of its own, once the transaction has begun to complete).
     */
    public static boolean keep(Object key, Object row) {
        LockedAhead kept = TransactionBound.getForWrites(LockedAhead.class, LockedAhead::new);
        if (kept == null) {
            return false;
        }
        kept.rows.put(key, row);
        return true;
    }

    /** The row kept under {@code key}, no longer kept once taken; null when none is. */
    @SuppressWarnings("unchecked")
    public static <V> V take(Object key) {
        LockedAhead kept = TransactionBound.existing(LockedAhead.class);
        return kept == null ? null : (V) kept.rows.remove(key);
    }

    /** Forgets the row kept under {@code key}, if any: call it whenever the row is written. */
    public static void forget(Object key) {
        LockedAhead kept = TransactionBound.existing(LockedAhead.class);
        if (kept != null) {
            kept.rows.remove(key);
        }
    }

    @Override
    public void afterCompletion(int status) {
        rows.clear();
    }
}
