package dev.checkstand.platform;

import java.util.List;

/**
 * Reads ahead for a batch of {@link BatchedModuleListener} runs. A batch that runs together first takes in every run
 * it holds, then tells each preparer the events they are for, in the batch's transaction, before the first run: a
 * preparer may read by one statement what its listeners would read one run at a time, and keep it for them with
 * {@link BatchReads} (which they already read through). It must change nothing. A preparer that fails fails the batch,
 * as a run would: the batch rolls back and its runs go again, each in a savepoint, without preparers.
 */
public interface ListenerBatchPreparer {

    /** The events of the batch's runs, in the order they run (one per run: an event with two listeners comes twice). */
    void prepare(List<Object> events);
}
