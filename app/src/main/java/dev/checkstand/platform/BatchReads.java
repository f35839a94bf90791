package dev.checkstand.platform;

import java.util.function.Supplier;

/**
 * Reads shared by the runs of one batch of {@link BatchedModuleListener}s: several listeners of the same event (the
 * confirmation email and the fulfillment record of a paid order) read the same order, in the same transaction, one
 * after the other. Inside a batch the first read is kept, keyed by what the caller names, until the batch ends, a run
 * of it fails (its savepoint rolled back), or the owner of the data {@link #forget forgets} it before changing it;
 * outside a batch every call reads. A value kept is handed to every run that asks, so it must not be changed.
 */
public final class BatchReads {

    private BatchReads() {
    }

    /** What {@code read} returns for {@code key}, read once per batch. */
    @SuppressWarnings("unchecked")
    public static <V> V shared(Object key, Supplier<V> read) {
        ListenerBatch batch = ListenerBatch.current();
        if (batch == null) {
            return read.get();
        }
        Object kept = batch.reads().get(key);
        if (kept != null) {
            return (V) kept;
        }
        V value = read.get();
        if (value != null) {
            batch.reads().put(key, value);
        }
        return value;
    }

    /** Forgets what the batch on this thread keeps for {@code key}: call it before changing what it was read from. */
    public static void forget(Object key) {
        ListenerBatch batch = ListenerBatch.current();
        if (batch != null) {
            batch.reads().remove(key);
        }
    }
}
