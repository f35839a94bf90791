package dev.checkstand.payment.stripe;

import com.stripe.StripeClient;
import dev.checkstand.platform.StartupLine;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** The stripe-java client, pointed at Stripe or at the built-in simulator. */
@Configuration(proxyBeanMethods = false)
public class StripeConfiguration {

    public static final String WEBHOOK_PATH = "/api/payments/webhook";

    @Bean(destroyMethod = "close")
    StripeConnection stripeConnection(StripeProperties stripe, SimulatorProperties simulator) {
        return StripeConnection.open(stripe, simulator);
    }

    /** Where Stripe is, for the start-up banner. */
    @Bean
    StartupLine stripeStartupLine(StripeConnection connection) {
        return new StartupLine("Stripe", connection.apiBase()
                + (connection.simulator().isPresent() ? "   (built-in simulator)" : ""));
    }

    @Bean
    StripeClient stripeClient(StripeConnection connection, StripeProperties properties) {
        return StripeClient.builder()
                .setHttpClient(new RateLimitedHttpClient(properties.requestsPerSecond()))
                .setApiKey(connection.secretKey())
                .setApiBase(connection.apiBase())
                .setMaxNetworkRetries(2)
                .setConnectTimeout(5_000)
                .setReadTimeout(20_000)
                .build();
    }

    /** Once the HTTP port is known, the simulator delivers its webhooks to this service's own endpoint. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> simulatorWebhookTarget(StripeConnection connection,
            SimulatorProperties properties) {
        return event -> connection.simulator().ifPresent(simulator -> {
            String base = StringUtils.hasText(properties.publicUrl())
                    ? properties.publicUrl().replaceAll("/+$", "")
                    : "http://localhost:" + event.getWebServer().getPort();
            simulator.setWebhookUrl(base + WEBHOOK_PATH);
        });
    }
}
