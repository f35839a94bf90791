package dev.checkstand.platform;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Makes the providers' circuit breakers from {@link BreakerSettings}, each bound to Micrometer, so
 * {@code resilience4j_circuitbreaker_state{name, state}} shows its state (1 for the current one).
 */
@Component
public class ProviderBreakers {

    private final BreakerSettings settings;
    private final CircuitBreakerRegistry registry;
    private final MeterRegistry meters;
    private final Clock clock;

    public ProviderBreakers(BreakerSettings settings, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.registry = CircuitBreakerRegistry.of(settings.config(clock));
        this.meters = meters;
        this.clock = clock;
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    }

    /**
     * The breaker of {@code provider} (the metric's {@code name}, e.g. {@code stripe}), judging the outcomes in
     * {@code failures} as the provider being unavailable, its call counter registered at zero for {@code operations}.
     */
    public ProviderBreaker create(String provider, String displayName, Set<CallOutcome> failures,
            Collection<String> operations) {
        CircuitBreaker breaker = registry.circuitBreaker(provider);
        ProviderBreaker guarded = new ProviderBreaker(provider, displayName, breaker, failures, settings.waitInOpen(),
                meters, clock);
        operations.forEach(guarded::preRegister);
        return guarded;
    }
}
