package dev.checkstand.payment.stripe;

import dev.checkstand.platform.HealthStatuses;
import dev.checkstand.platform.ProviderBreaker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code stripe} health component: WARNING (not DOWN: the service as a whole stays UP) while Stripe keeps failing and its circuit breaker is open, UP otherwise;
 * with the breaker's state and failure rate, the last call made and how it ended, and the requests this instance's
 * rate limiter lets go now. It is no part of readiness: an instance whose Stripe is down still takes webhooks, serves
 * orders and finishes work later, so it must not be taken out of service for it. Built from what this instance saw;
 * it makes no call of its own.
 */
@Component
class StripeHealthIndicator implements HealthIndicator {

    private final BreakerHttpClient http;

    StripeHealthIndicator(BreakerHttpClient http) {
        this.http = http;
    }

    @Override
    public Health health() {
        ProviderBreaker breaker = http.breaker();
        Health.Builder health = breaker.open() ? Health.status(HealthStatuses.WARNING) : Health.up();
        health.withDetails(breaker.details());
        http.limiter().availablePermits().ifPresentOrElse(
                permits -> health.withDetail("rateLimiterAvailablePermits", permits),
                () -> health.withDetail("rateLimiterAvailablePermits", "unlimited"));
        return health.build();
    }
}
