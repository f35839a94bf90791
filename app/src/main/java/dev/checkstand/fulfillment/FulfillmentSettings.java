package dev.checkstand.fulfillment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fulfillment behaves: {@code CHECKSTAND_FULFILLMENT_CONFIRM} (submit at once, or leave drafts for review);
 * {@code CHECKSTAND_FULFILLMENT_MAX_ATTEMPTS} calls before a fulfillment is failed, tried again after
 * {@code CHECKSTAND_FULFILLMENT_RETRY_BASE}, doubling up to {@code CHECKSTAND_FULFILLMENT_RETRY_MAX} (or later, when the
 * provider says so); the lease a claim holds a fulfillment for ({@code CHECKSTAND_FULFILLMENT_LEASE}, renewed every third
 * of it while the worker waits for the budget and the provider, so it lapses only for a worker that died); how often the job looks for due work
 * ({@code CHECKSTAND_FULFILLMENT_POLL_INTERVAL}) and re-reads open orders not heard of for
 * {@code CHECKSTAND_FULFILLMENT_SYNC_AFTER}; Printful's calls per minute for this instance
 * ({@code CHECKSTAND_PRINTFUL_CALLS_PER_MINUTE}); and whether the webhook URL is registered with Printful at start-up
 * ({@code CHECKSTAND_PRINTFUL_REGISTER_WEBHOOK}; always with the built-in simulator).
 */
@ConfigurationProperties("checkstand.fulfillment")
public record FulfillmentSettings(@DefaultValue("true") boolean confirm, @DefaultValue("10") int maxAttempts,
        @DefaultValue("10s") Duration retryBase, @DefaultValue("10m") Duration retryMax,
        @DefaultValue("20s") Duration lease, @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("30m") Duration syncAfter, @DefaultValue("120") int callsPerMinute,
        @DefaultValue("false") boolean registerWebhook) {

    public FulfillmentSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("CHECKSTAND_FULFILLMENT_MAX_ATTEMPTS must be at least 1");
        }
        if (callsPerMinute < 0) {
            throw new IllegalArgumentException("CHECKSTAND_PRINTFUL_CALLS_PER_MINUTE must not be negative (0: no limit)");
        }
        for (Duration d : new Duration[] {retryBase, retryMax, lease, pollInterval, syncAfter}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("checkstand.fulfillment durations must be positive");
            }
        }
    }

    /** How long after the {@code attempts}-th failed call the next is made: doubling from the base, capped. */
    Duration retryAfter(int attempts) {
        Duration delay = retryBase.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }
}
