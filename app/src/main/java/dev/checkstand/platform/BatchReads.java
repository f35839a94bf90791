package dev.checkstand.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Reads shared by the runs of one batch of {@link BatchedModuleListener}s: several listeners of the same event (the
 * confirmation email and the fulfillment record of a paid order) read the same order, in the same transaction, one
 * after the other. Inside a batch the first read is kept, keyed by what the caller names, until the batch ends (one
 * that rolls back to run again begins afresh) or a run of it fails (its savepoint rolled back); the owner of the data {@link #refresh refreshes} it whenever it reads
 * the data again or changes it. Outside a batch every call reads. A value kept is handed to every run that asks, so
 * it must not be changed.
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

    /**
     * What {@code read} returns for the given ids, each read once per batch: those the batch keeps (under
     * {@code key} of the id) are handed out, the others read together by one call of {@code read} and kept. Ids
     * {@code read} does not find are absent. Outside a batch all are read, by one call.
     */
    public static <I, V> Map<I, V> sharedAll(Collection<I> ids, Function<I, Object> key,
            Function<List<I>, Map<I, V>> read) {
        Map<I, V> found = new LinkedHashMap<>();
        List<I> unread = new ArrayList<>();
        for (I id : new LinkedHashSet<>(ids)) {
            V kept = kept(key.apply(id));
            if (kept != null) {
                found.put(id, kept);
            } else {
                unread.add(id);
            }
        }
        if (!unread.isEmpty()) {
            read.apply(unread).forEach((id, value) -> found.put(id, shared(key.apply(id), () -> value)));
        }
        return found;
    }

    /** What the batch on this thread keeps for {@code key}; null outside a batch or when it keeps nothing for it. */
    @SuppressWarnings("unchecked")
    public static <V> V kept(Object key) {
        ListenerBatch batch = ListenerBatch.current();
        return batch == null ? null : (V) batch.reads().get(key);
    }

    /**
     * Replaces what the batch on this thread keeps for {@code key}, if it keeps anything, with what {@code change}
     * makes of it: call it with the data as just read again or written, so that no run of the batch reads it older.
     */
    @SuppressWarnings("unchecked")
    public static <V> void refresh(Object key, UnaryOperator<V> change) {
        ListenerBatch batch = ListenerBatch.current();
        if (batch != null) {
            batch.reads().computeIfPresent(key, (k, kept) -> change.apply((V) kept));
        }
    }
}
