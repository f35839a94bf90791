package dev.checkstand.payment.stripe;

import com.stripe.StripeClient;
import dev.checkstand.platform.CallOutcome;
import dev.checkstand.platform.ProviderBreakers;
import dev.checkstand.platform.StartupLine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumSet;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The stripe-java client, pointed at Stripe or at the built-in simulator, its HTTP client behind Stripe's circuit
 * breaker and this instance's rate limit.
 */
@Configuration(proxyBeanMethods = false)
public class StripeConfiguration {

    public static final String WEBHOOK_PATH = "/api/payments/webhook";
    /** Where Stripe's Connect endpoint delivers events on sellers' connected accounts. */
    public static final String CONNECT_WEBHOOK_PATH = "/api/payments/webhook/connect";

    @Bean
    dev.checkstand.inbox.WebhookSource stripeWebhooks(StripeConnection connection, tools.jackson.databind.json.JsonMapper json,
            java.time.Clock clock) {
        return StripeWebhooks.platform(connection, json, clock);
    }

    @Bean
    dev.checkstand.inbox.WebhookSource stripeConnectWebhooks(StripeConnection connection,
            tools.jackson.databind.json.JsonMapper json, java.time.Clock clock) {
        return StripeWebhooks.connect(connection, json, clock);
    }

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

    /**
     * Every Stripe call of the service goes through here: the breaker judges each call once (a 429 left after the
     * limiter's backoffs counts against it, as Stripe refusing our load), the limiter paces every network try.
     */
    @Bean
    BreakerHttpClient stripeHttpClient(ProviderBreakers breakers, StripeProperties properties, MeterRegistry meters) {
        Timer waits = Timer.builder("checkstand.stripe.rate.limit.wait")
                .description("Time a Stripe request waited for this instance's rate limiter")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
                        Duration.ofSeconds(10))
                .register(meters);
        return new BreakerHttpClient(new RateLimitedHttpClient(properties.requestsPerSecond(), waits),
                breakers.create("stripe", "Stripe", EnumSet.of(CallOutcome.FAILED, CallOutcome.RATE_LIMITED),
                        StripeOperations.MADE));
    }

    @Bean
    StripeClient stripeClient(StripeConnection connection, BreakerHttpClient http) {
        return StripeClient.builder()
                .setHttpClient(http)
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
            simulator.setConnectWebhookUrl(base + CONNECT_WEBHOOK_PATH);
        });
    }
}
