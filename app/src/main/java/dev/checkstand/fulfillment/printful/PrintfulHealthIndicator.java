package dev.checkstand.fulfillment.printful;

import dev.checkstand.platform.HealthStatuses;
import dev.checkstand.platform.ProviderBreaker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code printful} health component: WARNING (not DOWN: the service as a whole stays UP) while Printful keeps failing and its circuit breaker is open, UP
 * otherwise; with the breaker's state and failure rate, the last call made and how it ended, and the call budget (calls
 * that may go now, and how long Printful's last 429 still holds them back). No part of readiness: fulfillment waits
 * for Printful, nothing else does. Built from what this instance saw; it makes no call of its own.
 */
@Component
class PrintfulHealthIndicator implements HealthIndicator {

    private final PrintfulClient printful;

    PrintfulHealthIndicator(PrintfulClient printful) {
        this.printful = printful;
    }

    @Override
    public Health health() {
        ProviderBreaker breaker = printful.breaker();
        Health.Builder health = breaker.open() ? Health.status(HealthStatuses.WARNING) : Health.up();
        health.withDetails(breaker.details());
        printful.budget().available().ifPresentOrElse(
                calls -> health.withDetail("callBudgetAvailable", calls),
                () -> health.withDetail("callBudgetAvailable", "unlimited"));
        health.withDetail("callBudgetPausedSeconds", printful.budget().pause().toSeconds());
        return health.build();
    }
}
