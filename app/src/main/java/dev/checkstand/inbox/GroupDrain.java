package dev.checkstand.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The loop of the inbox's own threads ({@link InboxWriter}, {@link InboxWorkers}): wait for the first item, take every
 * other item waiting up to {@code maxGroup}, hand them over as one group; until closed and the queue is empty. A
 * group that fails goes to {@code failed} and the loop goes on.
 */
final class GroupDrain {

    private GroupDrain() {
    }

    static <T> void run(BlockingQueue<T> queue, int maxGroup, BooleanSupplier closed, Consumer<List<T>> handle,
            BiConsumer<List<T>, Throwable> failed) {
        run(queue, maxGroup, closed, handle, failed, () -> { });
    }

    /**
     * The same, running {@code idle} each time 200 ms pass with nothing in the queue; its failure goes to
     * {@code failed} with an empty group.
     */
    static <T> void run(BlockingQueue<T> queue, int maxGroup, BooleanSupplier closed, Consumer<List<T>> handle,
            BiConsumer<List<T>, Throwable> failed, Runnable idle) {
        List<T> group = new ArrayList<>(maxGroup);
        while (!closed.getAsBoolean() || !queue.isEmpty()) {
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    idle.run();
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                handle.accept(List.copyOf(group));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                failed.accept(List.copyOf(group), e);
            } finally {
                group.clear();
            }
        }
    }
}
