package dev.checkstand.payment.stripe;

import dev.checkstand.simulator.StripeSimulator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where Stripe is and with which keys the service talks to it; owns the in-process simulator when one runs. */
public final class StripeConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StripeConnection.class);

    private final String apiBase;
    private final String secretKey;
    private final String publishableKey;
    private final List<String> webhookSecrets;
    private final List<String> connectWebhookSecrets;
    private final StripeSimulator simulator;

    private StripeConnection(String apiBase, String secretKey, String publishableKey, List<String> webhookSecrets,
            List<String> connectWebhookSecrets, StripeSimulator simulator) {
        this.apiBase = apiBase;
        this.secretKey = secretKey;
        this.publishableKey = publishableKey;
        this.webhookSecrets = List.copyOf(webhookSecrets);
        this.connectWebhookSecrets = List.copyOf(connectWebhookSecrets);
        this.simulator = simulator;
    }

    static StripeConnection open(StripeProperties stripe, SimulatorProperties simulatorProperties) {
        if (!stripe.useSimulator()) {
            return new StripeConnection(orDefault(stripe.apiBase(), "https://api.stripe.com"), stripe.secretKey(),
                    required(stripe.publishableKey(), "STRIPE_PUBLISHABLE_KEY"), requiredSecrets(stripe),
                    stripe.connectWebhookSecrets(), null);
        }
        StripeSimulator.Builder builder = StripeSimulator.builder().port(simulatorProperties.port());
        if (!stripe.webhookSecrets().isEmpty()) {
            builder.webhookSecret(stripe.webhookSecrets().get(0));
        }
        if (!stripe.connectWebhookSecrets().isEmpty()) {
            builder.connectWebhookSecret(stripe.connectWebhookSecrets().get(0));
        }
        if (hasText(stripe.publishableKey())) {
            builder.publishableKey(stripe.publishableKey());
        }
        StripeSimulator simulator = builder.start();
        log.info("No STRIPE_SECRET_KEY set: using the built-in Stripe simulator at {}", simulator.baseUrl());
        List<String> secrets = stripe.webhookSecrets().isEmpty() ? List.of(simulator.webhookSecret()) : stripe.webhookSecrets();
        List<String> connectSecrets = stripe.connectWebhookSecrets().isEmpty()
                ? List.of(simulator.connectWebhookSecret()) : stripe.connectWebhookSecrets();
        return new StripeConnection(simulator.baseUrl(), simulator.secretKey(), simulator.publishableKey(), secrets,
                connectSecrets, simulator);
    }

    private static List<String> requiredSecrets(StripeProperties stripe) {
        if (stripe.webhookSecrets().isEmpty()) {
            throw new IllegalStateException("STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: set it to the"
                    + " endpoint's signing secret (whsec_...), comma-separated during a secret roll");
        }
        return stripe.webhookSecrets();
    }

    private static String required(String value, String variable) {
        if (!hasText(value)) {
            throw new IllegalStateException("STRIPE_SECRET_KEY is set but " + variable + " is not: set it too");
        }
        return value;
    }

    private static String orDefault(String value, String fallback) {
        return hasText(value) ? value : fallback;
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    /** Whether the secret key is a live one ({@code sk_live_}, {@code rk_live_}). */
    public boolean livemode() {
        return isLiveKey(secretKey);
    }

    static boolean isLiveKey(String secretKey) {
        return secretKey != null && (secretKey.startsWith("sk_live_") || secretKey.startsWith("rk_live_"));
    }

    public String apiBase() {
        return apiBase;
    }

    String secretKey() {
        return secretKey;
    }

    public String publishableKey() {
        return publishableKey;
    }

    public List<String> webhookSecrets() {
        return webhookSecrets;
    }

    /** The Connect endpoint's signing secrets; empty when none is configured (its deliveries are then refused). */
    public List<String> connectWebhookSecrets() {
        return connectWebhookSecrets;
    }

    /** The in-process simulator, when the service runs without a Stripe key. */
    public Optional<StripeSimulator> simulator() {
        return Optional.ofNullable(simulator);
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
