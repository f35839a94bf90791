package dev.checkstand.inbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook processing switches: process right after the acknowledgement, and poll for due events (both on; tests
 * turn them off to stand in for a process that died between storing and processing). Processing right after the
 * acknowledgement runs on {@code processingThreads} threads (by default half the cores, at least one) with at most
 * {@code processingQueue} events waiting; beyond that an event is left to the poller (and to a worker's catch-up once
 * its queue is empty), so background work never takes every pooled connection from the acknowledgements. An event
 * left unprocessed for longer than {@code backlogWarning} turns the inbox's health component to {@code WARNING}. A
 * claim holds an event for {@code lease}, renewed while this instance works on it: an instance that dies lets its
 * events go one lease later.
 * <p>
 * Throughput: the webhook routes' usual answer is given before the security chain and MVC when {@code direct} is on;
 * deliveries are stored by {@code writers} threads, each committing up to {@code writeGroup} concurrent deliveries
 * at once; a worker applies up to {@code processingBatch} stored events in one transaction.
 */
@ConfigurationProperties("checkstand.webhooks")
record InboxSettings(@DefaultValue("true") boolean processOnReceipt, @DefaultValue("true") boolean poll,
        @DefaultValue("2s") java.time.Duration pollInterval, Integer processingThreads,
        @DefaultValue("1000") int processingQueue, @DefaultValue("5m") java.time.Duration backlogWarning,
        @DefaultValue("20s") java.time.Duration lease, @DefaultValue("true") boolean direct,
        @DefaultValue("2") int writers, @DefaultValue("64") int writeGroup, @DefaultValue("32") int processingBatch) {

    InboxSettings {
        if (processingThreads == null) {
            processingThreads = defaultProcessingThreads(Runtime.getRuntime().availableProcessors());
        }
        if (processingThreads < 1) {
            throw new IllegalArgumentException("checkstand.webhooks.processing-threads must be at least 1");
        }
        if (processingQueue < 0) {
            throw new IllegalArgumentException("checkstand.webhooks.processing-queue must not be negative");
        }
        if (writers < 1 || writeGroup < 1 || processingBatch < 1) {
            throw new IllegalArgumentException(
                    "checkstand.webhooks.writers, .write-group and .processing-batch must be at least 1");
        }
        if (lease.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("checkstand.webhooks.lease must be at least 1s");
        }
        if (backlogWarning.isNegative() || backlogWarning.isZero()) {
            throw new IllegalArgumentException("checkstand.webhooks.backlog-warning must be positive");
        }
    }

    /**
     * Half the cores this JVM may use, at least one: processing right after receipt is background work, and each
     * worker with its database backend keeps up to a core busy. Measured on two cores (docs/BENCHMARKS.md, issue 18),
     * four workers took the cores from the acknowledgements — p99 at 1,000 events/s with processing on 131–174 ms,
     * one worker 35 ms — for 243 paid orders a second against one worker's 205; a worker applies up to
     * {@code processingBatch} events in one transaction, so one worker is not one event at a time.
     */
    static int defaultProcessingThreads(int cores) {
        return Math.max(1, cores / 2);
    }
}
