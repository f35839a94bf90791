package dev.checkstand.inbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook processing switches: process right after the acknowledgement, and poll for due events (both on; tests
 * turn them off to stand in for a process that died between storing and processing). Processing right after the
 * acknowledgement runs on {@code processingThreads} threads with at most {@code processingQueue} events waiting;
 * beyond that an event is left to the poller, so background work never takes every pooled connection from the
 * acknowledgements. An event left unprocessed for longer than {@code backlogWarning} turns the inbox's health
 * component to {@code WARNING}.
 */
@ConfigurationProperties("checkstand.webhooks")
record InboxSettings(@DefaultValue("true") boolean processOnReceipt, @DefaultValue("true") boolean poll,
        @DefaultValue("2s") java.time.Duration pollInterval, @DefaultValue("4") int processingThreads,
        @DefaultValue("1000") int processingQueue, @DefaultValue("5m") java.time.Duration backlogWarning) {

    InboxSettings {
        if (processingThreads < 1) {
            throw new IllegalArgumentException("checkstand.webhooks.processing-threads must be at least 1");
        }
        if (processingQueue < 0) {
            throw new IllegalArgumentException("checkstand.webhooks.processing-queue must not be negative");
        }
        if (backlogWarning.isNegative() || backlogWarning.isZero()) {
            throw new IllegalArgumentException("checkstand.webhooks.backlog-warning must be positive");
        }
    }
}
