package dev.checkstand.platform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one batch of listener runs ({@link ListenerBatches}) keeps while its runs go, on the thread that runs them: the
 * reads its runs share ({@link BatchReads}), and how its runs are taken. A batch first runs them <em>together</em>: no
 * savepoint, each run kept so that it can be run again; if one fails, the rest are skipped, the batch rolls back, and
 * the kept runs go again in a batch that gives each a savepoint of its own. Whether a batch is running also decides
 * how the event registry writes (see {@link EventPublicationCompletion.WrittenTogether}). Outside a batch there is
 * none: {@link #current()} is null.
 */
final class ListenerBatch {

    private static final ThreadLocal<ListenerBatch> CURRENT = new ThreadLocal<>();

    private final Map<Object, Object> reads = new HashMap<>();
    private final ListenerBatch outer;
    private final boolean savepoints;
    private final List<Runnable> kept = new ArrayList<>();
    private final List<Completion> completions = new ArrayList<>();
    private final Set<List<Object>> concluded = new HashSet<>();
    private final Set<List<Object>> concludedBefore;
    private final List<Runnable> held = new ArrayList<>();
    private final List<Object> events = new ArrayList<>();
    private boolean taking;
    private Throwable failure;

    private ListenerBatch(ListenerBatch outer, boolean savepoints, Set<List<Object>> concludedBefore) {
        this.outer = outer;
        this.savepoints = savepoints;
        this.concludedBefore = concludedBefore;
    }

    /** The batch running on this thread, null outside one. */
    static ListenerBatch current() {
        return CURRENT.get();
    }

    /**
     * Begins a batch on this thread, its runs together or each in a savepoint; the batch before it, if any (a caller
     * running a batch itself), is kept.
     */
    static ListenerBatch begin(boolean savepoints) {
        return begin(savepoints, Set.of());
    }

    /**
     * As {@link #begin(boolean)}, for the runs of a batch whose commit failed after it had concluded {@code concluded}
     * publications (see {@link #concluded()}).
     */
    static ListenerBatch begin(boolean savepoints, Set<List<Object>> concluded) {
        ListenerBatch batch = new ListenerBatch(CURRENT.get(), savepoints, Set.copyOf(concluded));
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

    /** Whether each run has a savepoint of its own; if not, the runs go together and any failure undoes them all. */
    boolean savepoints() {
        return savepoints;
    }

    /** A run of a batch that goes together, kept to be run again, each alone, should another run of it fail. */
    void keep(Runnable run) {
        kept.add(run);
    }

    /**
     * While a batch that runs together takes its runs in ({@link #taking}), each is {@link #hold held} instead of run:
     * once all are in, the batch's {@link ListenerBatchPreparer}s see their events, then the held runs go.
     */
    void taking(boolean taking) {
        this.taking = taking;
    }

    /** Whether the batch is taking its runs in, holding each instead of running it. */
    boolean taking() {
        return taking;
    }

    /** A run held to go once all the batch's runs are in, with its event (null if it has none). */
    void hold(Runnable run, Object event) {
        held.add(run);
        if (event != null) {
            events.add(event);
        }
    }

    /** The runs held, in the order they came. */
    List<Runnable> held() {
        return List.copyOf(held);
    }

    /** The events of the runs held, in the order they came. */
    List<Object> events() {
        return List.copyOf(events);
    }

    /** How many runs were kept so far. */
    int keptCount() {
        return kept.size();
    }

    /** The runs kept, in the order they ran. */
    List<Runnable> kept() {
        return List.copyOf(kept);
    }

    /**
     * Completes a run's publication once every run of a batch that goes together has succeeded ({@link #complete()}),
     * not before: until then the batch may roll back and run it again.
     */
    void completeAtEnd(Object event, Object listener, Runnable completion) {
        completions.add(new Completion(List.of(event, listener), completion));
    }

    /**
     * The publications (event and listener) this batch completed once all its runs had succeeded ({@link #complete});
     * none if it did not get so far. The registry then no longer holds them in progress, in memory; should the commit
     * still fail, their runs go again in a batch told so, where a run that fails has its publication found in the
     * table to be marked failed.
     */
    Set<List<Object>> concluded() {
        return Set.copyOf(concluded);
    }

    /** Whether the batch before this one, whose commit failed, completed the publication of {@code event}. */
    boolean concludedBefore(Object event, Object listener) {
        return concludedBefore.contains(List.of(event, listener));
    }

    /** Every run of the batch succeeded: their publications are completed (in its transaction, still open). */
    void complete() {
        if (failure != null) {
            throw new IllegalStateException("A batch with a failed run completes nothing", failure);
        }
        for (Completion completion : completions) {
            completion.run().run();
            concluded.add(completion.publication());
        }
        completions.clear();
    }

    private record Completion(List<Object> publication, Runnable run) {
    }

    /** A run of a batch that goes together failed: the batch is to roll back, and its runs go again each alone. */
    void failed(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /** The first failure of a batch that goes together; null while none failed. */
    Throwable failure() {
        return failure;
    }

    /** A run failed and rolled back to its savepoint: what it read may have been its own writes, now undone. */
    void runRolledBack() {
        reads.clear();
    }
}
