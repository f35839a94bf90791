package dev.checkstand.platform;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What one batch of listener runs ({@link ListenerBatches}) keeps while its runs go, on the thread that runs them:
 * reads its runs share ({@link BatchReads}) and the completions of the runs that succeeded, written together by one
 * statement just before the batch commits. Outside a batch there is none: {@link #current()} is null.
 */
final class ListenerBatch {

    private static final ThreadLocal<ListenerBatch> CURRENT = new ThreadLocal<>();

    private final Map<Object, Object> reads = new HashMap<>();
    private ListenerBatch outer;
    private final List<UUID> completed = new ArrayList<>();
    private final List<String> completedAt = new ArrayList<>();

    private ListenerBatch() {
    }

    /** The batch running on this thread, null outside one. */
    static ListenerBatch current() {
        return CURRENT.get();
    }

    /** Begins a batch on this thread; the batch before it, if any (a caller running a batch itself), is kept. */
    static ListenerBatch begin() {
        ListenerBatch batch = new ListenerBatch();
        batch.outer = CURRENT.get();
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

    void completed(UUID publication, Instant at) {
        completed.add(publication);
        completedAt.add(at.toString());
    }

    /**
     * Writes the completions gathered as Spring Modulith's JDBC repository does each (status {@code COMPLETED} and
     * the completion date), in the batch's transaction; returns how many publications it completed.
     */
    int writeCompletions(JdbcClient jdbc) {
        if (completed.isEmpty()) {
            return 0;
        }
        int written = jdbc.sql("""
                update event_publication p set status = 'COMPLETED', completion_date = c.at
                  from unnest(:ids, cast(:ats as timestamptz[])) as c(id, at)
                 where p.id = c.id""")
                .param("ids", completed.toArray(UUID[]::new))
                .param("ats", completedAt.toArray(String[]::new))
                .update();
        completed.clear();
        completedAt.clear();
        return written;
    }
}
