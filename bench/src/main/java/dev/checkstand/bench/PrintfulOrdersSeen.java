package dev.checkstand.bench;

import dev.checkstand.simulator.printful.PrintfulSimulator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each order first existed at the Printful simulator, as the harness sees it: a thread reads the simulator's
 * order list (oldest first, never shrinking) every {@link #INTERVAL_MILLIS} ms and stamps each new {@code external_id}
 * with {@link System#nanoTime()} once the read returns. The simulator's own {@code created} is in whole seconds, too
 * coarse for a latency; a stamp here is never early and at most one interval (plus the read) late.
 */
final class PrintfulOrdersSeen implements AutoCloseable {

    static final long INTERVAL_MILLIS = 5;

    private final PrintfulSimulator printful;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int count;

    private PrintfulOrdersSeen(PrintfulSimulator printful) {
        this.printful = printful;
        this.thread = new Thread(this::watch, "printful-orders-seen");
        thread.setDaemon(true);
    }

    /** Starts watching {@code printful}; orders it already holds are stamped at the first read. */
    static PrintfulOrdersSeen watch(PrintfulSimulator printful) {
        PrintfulOrdersSeen watcher = new PrintfulOrdersSeen(printful);
        watcher.thread.start();
        return watcher;
    }

    private void watch() {
        while (running) {
            List<PrintfulSimulator.OrderSummary> orders = printful.orders();
            long now = System.nanoTime();
            for (int i = count; i < orders.size(); i++) {
                seen.putIfAbsent(orders.get(i).externalId(), now);
            }
            count = orders.size();
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The {@link System#nanoTime()} the order with this {@code external_id} was first seen at, or null. */
    Long seenAt(String externalId) {
        return seen.get(externalId);
    }

    /** Orders seen so far. */
    int count() {
        return count;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
