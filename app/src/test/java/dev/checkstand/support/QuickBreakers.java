package dev.checkstand.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * On a {@link CheckstandIntegrationTest}: providers' circuit breakers that judge the last four calls, open at two
 * failures, fail fast for ten seconds and then let two trial calls through; and fulfillments that give up after eight
 * attempts, so a worker that did not wait while Printful's breaker is open would fail them. The test classes that
 * carry it share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(properties = {
        "checkstand.breaker.sliding-window=4",
        "checkstand.breaker.minimum-calls=4",
        "checkstand.breaker.failure-rate=50",
        "checkstand.breaker.wait-in-open=10s",
        "checkstand.breaker.half-open-calls=2",
        "checkstand.fulfillment.max-attempts=8"})
public @interface QuickBreakers {

    /** How long an open breaker fails calls fast. */
    long WAIT_IN_OPEN_SECONDS = 10;
}
