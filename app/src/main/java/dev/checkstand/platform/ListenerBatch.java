package dev.checkstand.platform;

import java.util.HashMap;
import java.util.Map;

/**
 * What one batch of listener runs ({@link ListenerBatches}) keeps while its runs go, on the thread that runs them: the
 * reads its runs share ({@link BatchReads}). Whether a batch is running also decides how the event registry writes
 * (see {@link EventPublicationCompletion.WrittenTogether}). Outside a batch there is none: {@link #current()} is null.
 */
final class ListenerBatch {

    private static final ThreadLocal<ListenerBatch> CURRENT = new ThreadLocal<>();

    private final Map<Object, Object> reads = new HashMap<>();
    private final ListenerBatch outer;

    private ListenerBatch(ListenerBatch outer) {
        this.outer = outer;
    }

    /** The batch running on this thread, null outside one. */
    static ListenerBatch current() {
        return CURRENT.get();
    }

    /** Begins a batch on this thread; the batch before it, if any (a caller running a batch itself), is kept. */
    static ListenerBatch begin() {
        ListenerBatch batch = new ListenerBatch(CURRENT.get());
        CURRENT.set(batch);
        return batch;
    }

    /** Ends this batch on its thread, restoring the one it began inside, if any. */
    void end() {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }

    Map<Object, Object> reads() {
        return reads;
    }

    /** A run failed and rolled back to its savepoint: what it read may have been its own writes, now undone. */
    void runRolledBack() {
        reads.clear();
    }
}
