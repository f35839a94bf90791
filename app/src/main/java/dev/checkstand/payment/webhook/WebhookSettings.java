package dev.checkstand.payment.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook processing switches: process right after the acknowledgement, and poll for due events (both on; tests
 * turn them off to stand in for a process that died between storing and processing).
 */
@ConfigurationProperties("checkstand.webhooks")
record WebhookSettings(@DefaultValue("true") boolean processOnReceipt, @DefaultValue("true") boolean poll,
        @DefaultValue("2s") java.time.Duration pollInterval) {
}
