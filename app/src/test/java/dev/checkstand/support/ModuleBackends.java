package dev.checkstand.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * For an {@code @ApplicationModuleTest}: its own embedded PostgreSQL in a fresh temporary directory and, when the
 * payment module is bootstrapped, the in-process Stripe simulator on a free port — as {@link CheckstandIntegrationTest}
 * gives the full application.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(properties = {
        "checkstand.embedded-database.data-dir=${java.io.tmpdir}/checkstand-it/${random.uuid}",
        "checkstand.embedded-database.synchronous-commit=false",
        "checkstand.simulator.port=0",
        "printful.simulator-port=0",
        "checkstand.admin.password=" + TestSupport.ADMIN_PASSWORD,
        // A listener that failed (a lost race, a busy database) is run again by the service's own resubmission job:
        // seconds apart here, so a module test's patience covers that recovery as well.
        "checkstand.events.resubmit-interval=2s",
        "checkstand.events.resubmit-after=3s",
        "db-scheduler.polling-interval=500ms"})
public @interface ModuleBackends {
}
