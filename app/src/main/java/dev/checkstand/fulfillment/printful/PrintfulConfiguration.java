package dev.checkstand.fulfillment.printful;

import dev.checkstand.fulfillment.FulfillmentSettings;
import dev.checkstand.fulfillment.provider.FulfillmentProvider;
import dev.checkstand.fulfillment.provider.ProviderCallFailed;
import dev.checkstand.platform.CallOutcome;
import dev.checkstand.platform.ProviderBreaker;
import dev.checkstand.platform.ProviderBreakers;
import dev.checkstand.platform.StartupLine;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/** Printful, or the built-in simulator when {@code PRINTFUL_TOKEN} is unset, behind {@link FulfillmentProvider}. */
@Configuration(proxyBeanMethods = false)
class PrintfulConfiguration {

    static final String WEBHOOK_PATH = "/api/printful/webhook/";

    // The webhook types the service acts on (PrintfulEvents' list).
    private static final List<String> WEBHOOK_TYPES = List.of("package_shipped", "package_returned", "order_created",
            "order_updated", "order_failed", "order_canceled", "order_put_hold", "order_put_hold_approval",
            "order_remove_hold");
    private static final Logger log = LoggerFactory.getLogger(PrintfulConfiguration.class);
    // How long a fulfillment call may wait for the call budget, to connect, and for its answer.
    private static final Duration MAX_BUDGET_WAIT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    @Bean(destroyMethod = "close")
    PrintfulConnection printfulConnection(PrintfulSettings settings) {
        return PrintfulConnection.open(settings);
    }

    /** Where Printful is, for the start-up banner. */
    @Bean
    StartupLine printfulStartupLine(PrintfulConnection connection) {
        return new StartupLine("Printful", connection.apiBase()
                + (connection.simulator().isPresent() ? "   (built-in simulator)" : ""));
    }

    @Bean
    PrintfulClient printfulClient(PrintfulConnection connection, FulfillmentSettings settings, PrintfulTimeouts timeouts,
            JsonMapper json, ProviderBreakers breakers, Clock clock) {
        return client(connection, new CallBudget(settings.callsPerMinute(), clock), breakers, timeouts.ratesTimeout(),
                json, clock);
    }

    /**
     * The client of {@code connection}: orders and webhooks wait up to a minute for the budget and 20 s for an answer,
     * under the {@code printful} breaker; shipping rates (and the variant lookups they need) never wait for the budget,
     * leave a quarter of it to the orders, have {@code ratesTimeout} for the whole call, and have a breaker of their own
     * ({@code printful_rates}), so that a slow rates endpoint cannot stop fulfillment.
     */
    static PrintfulClient client(PrintfulConnection connection, CallBudget budget, ProviderBreakers breakers,
            Duration ratesTimeout, JsonMapper json, Clock clock) {
        ProviderBreaker breaker = breakers.create("printful", "Printful", EnumSet.of(CallOutcome.FAILED),
                PrintfulClient.OPERATIONS);
        ProviderBreaker ratesBreaker = breakers.create("printful_rates", "Printful shipping rates",
                EnumSet.of(CallOutcome.FAILED), PrintfulClient.RATE_OPERATIONS);
        HttpClient jdk = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        RestClient.Builder http = RestClient.builder()
                .baseUrl(connection.apiBase())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + connection.token())
                .defaultHeader(HttpHeaders.USER_AGENT, "Checkstand");
        connection.storeId().ifPresent(id -> http.defaultHeader("X-PF-Store-Id", Long.toString(id)));
        PrintfulCalls calls = new PrintfulCalls(http.clone().requestFactory(timingOut(jdk, READ_TIMEOUT)).build(), json,
                budget, breaker, clock, MAX_BUDGET_WAIT);
        // Spring's JDK request factory times the whole exchange from the moment it is sent, connecting included.
        return new PrintfulClient(calls, calls.yieldingOver(
                http.clone().requestFactory(timingOut(jdk, ratesTimeout)).build(), ratesBreaker));
    }

    private static JdkClientHttpRequestFactory timingOut(HttpClient jdk, Duration after) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(jdk);
        factory.setReadTimeout(after);
        return factory;
    }

    /**
     * Once the HTTP port is known, points Printful's webhooks at this service: always with the built-in simulator,
     * with Printful when {@code CHECKSTAND_PRINTFUL_REGISTER_WEBHOOK} is true and {@code CHECKSTAND_PUBLIC_URL} set.
     */
    @Bean
    ApplicationListener<WebServerInitializedEvent> printfulWebhookRegistration(PrintfulConnection connection,
            FulfillmentProvider printful, FulfillmentSettings settings,
            @Value("${checkstand.simulator.public-url:}") String publicUrl,
            @Qualifier("applicationTaskExecutor") Executor executor) {
        return event -> {
            boolean simulator = connection.simulator().isPresent();
            if (!simulator && !(settings.registerWebhook() && StringUtils.hasText(publicUrl))) {
                return;
            }
            String base = StringUtils.hasText(publicUrl) ? publicUrl.replaceAll("/+$", "")
                    : "http://localhost:" + event.getWebServer().getPort();
            String url = base + WEBHOOK_PATH + connection.webhookSecret();
            executor.execute(() -> {
                try {
                    printful.registerWebhook(url, WEBHOOK_TYPES);
                    log.info("Printful webhooks go to {}{}{}", base, WEBHOOK_PATH, "{secret}");
                } catch (ProviderCallFailed e) {
                    // Not Printful's message: it may repeat the URL, and the URL holds the secret.
                    log.warn("Could not register the webhook URL with Printful ({}, HTTP {}); Printful's webhooks will"
                            + " not arrive until it is registered", e.kind(), e.status());
                }
            });
        };
    }
}
