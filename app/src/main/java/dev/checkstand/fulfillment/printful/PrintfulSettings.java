package dev.checkstand.fulfillment.printful;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Printful is: {@code PRINTFUL_TOKEN} (unset: the built-in simulator, on {@code CHECKSTAND_PRINTFUL_SIMULATOR_PORT},
 * 0 = any free port), {@code PRINTFUL_STORE_ID} (sent as {@code X-PF-Store-Id}, needed with account-level tokens),
 * {@code PRINTFUL_API_BASE}, and {@code PRINTFUL_WEBHOOK_SECRET}, the secret path segment of the webhook URL.
 */
@ConfigurationProperties("printful")
public record PrintfulSettings(String token, Long storeId, String apiBase, String webhookSecret,
        @DefaultValue("12112") int simulatorPort) {

    boolean useSimulator() {
        return token == null || token.isBlank();
    }
}
