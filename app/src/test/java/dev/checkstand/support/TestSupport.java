package dev.checkstand.support;

import dev.checkstand.payment.stripe.StripeConnection;
import dev.checkstand.simulator.StripeSimulator;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Beans the integration tests share: an HTTP client for the service and the simulator handle. */
@TestConfiguration(proxyBeanMethods = false)
public class TestSupport {

    public static final String ADMIN_PASSWORD = "test-admin-password";

    @Bean
    Api api(Environment environment) {
        return new Api(() -> Integer.parseInt(environment.getProperty("local.server.port")), "admin", ADMIN_PASSWORD);
    }

    @Bean
    StripeSimulator stripeSimulator(StripeConnection connection) {
        return connection.simulator().orElseThrow();
    }
}
