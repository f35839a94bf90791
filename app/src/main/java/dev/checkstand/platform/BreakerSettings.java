package dev.checkstand.platform;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The circuit breakers around Stripe and around Printful (one each, these settings for both): a breaker opens when
 * {@code CHECKSTAND_BREAKER_FAILURE_RATE} percent of the last {@code CHECKSTAND_BREAKER_SLIDING_WINDOW} calls failed,
 * once at least {@code CHECKSTAND_BREAKER_MINIMUM_CALLS} were made; it then fails calls fast for
 * {@code CHECKSTAND_BREAKER_WAIT_IN_OPEN}, after which {@code CHECKSTAND_BREAKER_HALF_OPEN_CALLS} trial calls decide
 * whether it closes or opens again.
 */
@ConfigurationProperties("checkstand.breaker")
public record BreakerSettings(@DefaultValue("50") float failureRate, @DefaultValue("20") int slidingWindow,
        @DefaultValue("10") int minimumCalls, @DefaultValue("30s") Duration waitInOpen,
        @DefaultValue("3") int halfOpenCalls) {

    public BreakerSettings {
        if (!(failureRate > 0 && failureRate <= 100)) {
            throw new IllegalArgumentException("CHECKSTAND_BREAKER_FAILURE_RATE must be a percentage above 0, at most 100");
        }
        if (slidingWindow < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
            throw new IllegalArgumentException("CHECKSTAND_BREAKER_SLIDING_WINDOW, _MINIMUM_CALLS and _HALF_OPEN_CALLS"
                    + " must be at least 1");
        }
        if (waitInOpen.isNegative() || waitInOpen.isZero()) {
            throw new IllegalArgumentException("CHECKSTAND_BREAKER_WAIT_IN_OPEN must be positive");
        }
    }

    // Count-based: the failure rate of the last slidingWindow calls (Resilience4j judges after min(minimumCalls,
    // slidingWindow) of them). The open state ends by itself (a scheduler thread), so the state the metric and the
    // health show moves to half-open without waiting for a call.
    CircuitBreakerConfig config(Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(slidingWindow)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRate)
                .waitDurationInOpenState(waitInOpen)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
    }
}
