package dev.checkstand.payment.stripe;

import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Stripe settings ({@code STRIPE_SECRET_KEY}, {@code STRIPE_PUBLISHABLE_KEY}, {@code STRIPE_WEBHOOK_SECRET},
 * {@code STRIPE_API_BASE}, {@code STRIPE_CONNECT_WEBHOOK_SECRET}). With no secret key the built-in simulator is used.
 */
@ConfigurationProperties("stripe")
record StripeProperties(String secretKey, String publishableKey, String webhookSecret, String apiBase, int rateLimit,
        String connectWebhookSecret) {

    /**
     * Requests per second this instance may send ({@code CHECKSTAND_STRIPE_RATE_LIMIT}; 0 = unlimited). Unset (-1):
     * a little under Stripe's limits: 90/s for live keys, 20/s for test keys, unlimited for the built-in simulator.
     */
    int requestsPerSecond() {
        if (rateLimit >= 0) {
            return rateLimit;
        }
        if (useSimulator()) {
            return 0;
        }
        return StripeConnection.isLiveKey(secretKey) ? 90 : 20;
    }

    boolean useSimulator() {
        return !StringUtils.hasText(secretKey);
    }

    /** The configured signing secrets: several during a secret roll. */
    List<String> webhookSecrets() {
        return secrets(webhookSecret);
    }

    /** The Connect endpoint's signing secrets: several during a secret roll; none when no Connect endpoint is used. */
    List<String> connectWebhookSecrets() {
        return secrets(connectWebhookSecret);
    }

    private static List<String> secrets(String list) {
        if (!StringUtils.hasText(list)) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
