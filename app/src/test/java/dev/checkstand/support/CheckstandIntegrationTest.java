package dev.checkstand.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A full Checkstand on a random port, with its own embedded PostgreSQL in a fresh temporary directory and the
 * in-process Stripe simulator on a free port, talked to through the real stripe-java client. The providers' circuit
 * breakers judge only after a thousand calls, more than the test classes sharing this context make, and would open
 * only if all of them failed, so they stay closed: those classes inject provider faults on purpose, and one class's
 * faults must not make the next class's calls fail fast. The breaker's own tests set their settings.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "checkstand.embedded-database.data-dir=${java.io.tmpdir}/checkstand-it/${random.uuid}",
        "checkstand.embedded-database.synchronous-commit=false",
        "checkstand.simulator.port=0",
        "printful.simulator-port=0",
        "checkstand.fulfillment.calls-per-minute=0",
        "checkstand.fulfillment.retry-base=200ms",
        "checkstand.fulfillment.retry-max=1s",
        "checkstand.fulfillment.poll-interval=500ms",
        "checkstand.admin.password=" + TestSupport.ADMIN_PASSWORD,
        "checkstand.webhooks.poll-interval=500ms",
        "checkstand.recovery.interval=1s",
        "checkstand.recovery.grace=3s",
        "checkstand.breaker.sliding-window=1000",
        "checkstand.breaker.failure-rate=100",
        "checkstand.breaker.minimum-calls=1000",
        "db-scheduler.polling-interval=500ms"})
@Import({TestSupport.class, PrintfulTestSupport.class})
public @interface CheckstandIntegrationTest {
}
