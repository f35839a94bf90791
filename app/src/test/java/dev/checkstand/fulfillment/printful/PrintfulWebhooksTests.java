package dev.checkstand.fulfillment.printful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkstand.inbox.WebhookSource;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Printful's v1 webhooks as the inbox sees them: the path secret is the proof, and a notice Printful retries or
 * duplicates is one event.
 */
class PrintfulWebhooksTests {

    private static final String SECRET = "a-long-webhook-secret-1234";

    private final PrintfulWebhooks webhooks = new PrintfulWebhooks(
            PrintfulConnection.open(new PrintfulSettings("token", 7L, "http://localhost:1", SECRET, 0)),
            JsonMapper.builder().build());

    @Test
    void onlyTheExactSecretVerifies() {
        assertThat(webhooks.verify("{}", SECRET)).isTrue();
        assertThat(webhooks.verify("{}", SECRET + "x")).isFalse();
        assertThat(webhooks.verify("{}", SECRET.substring(1))).isFalse();
        assertThat(webhooks.verify("{}", "")).isFalse();
        assertThat(webhooks.verify("{}", null)).isFalse();
    }

    @Test
    void aRetriedNoticeIsTheSameEventAndAnotherNoticeIsAnother() {
        WebhookSource.Envelope first = webhooks.envelope(notice("package_shipped", 0, "{\"shipment\":{\"id\":1}}"))
                .orElseThrow();
        WebhookSource.Envelope retried = webhooks.envelope(notice("package_shipped", 3, "{\"shipment\":{\"id\":1}}"))
                .orElseThrow();
        WebhookSource.Envelope other = webhooks.envelope(notice("package_shipped", 0, "{\"shipment\":{\"id\":2}}"))
                .orElseThrow();

        assertThat(retried.eventId()).isEqualTo(first.eventId()).startsWith("pf_");
        assertThat(other.eventId()).isNotEqualTo(first.eventId());
        assertThat(first.type()).isEqualTo("package_shipped");
        assertThat(first.objectId()).isEqualTo("CS-ABC1234");
        assertThat(first.created()).isEqualTo(Instant.ofEpochSecond(1_764_000_000L));
        assertThat(first.apiVersion()).isEqualTo("v1");
    }

    @Test
    void whatIsNotAPrintfulNoticeHasNoEnvelope() {
        assertThat(webhooks.envelope("not json")).isEmpty();
        assertThat(webhooks.envelope("[]")).isEmpty();
        assertThat(webhooks.envelope("{\"type\":\"order_updated\",\"created\":1,\"data\":[]}")).isEmpty();
        assertThat(webhooks.envelope("{\"type\":\"Order-Updated\",\"created\":1,\"data\":{}}")).isEmpty();
        assertThat(webhooks.envelope("{\"type\":\"order_updated\",\"created\":\"soon\",\"data\":{}}")).isEmpty();
        assertThat(webhooks.envelope("{\"created\":1,\"data\":{}}")).isEmpty();
        assertThat(webhooks.envelope("{\"type\":\"order_updated\",\"created\":1,\"data\":{}}").orElseThrow().objectId())
                .isNull();
    }

    @Test
    void aRealPrintfulNeedsAWebhookSecretOfSomeLength() {
        assertThatThrownBy(() -> PrintfulConnection.open(new PrintfulSettings("token", null, null, null, 0)))
                .hasMessageContaining("PRINTFUL_WEBHOOK_SECRET");
        assertThatThrownBy(() -> PrintfulConnection.open(new PrintfulSettings("token", null, null, "short", 0)))
                .hasMessageContaining("at least 16");
    }

    private static String notice(String type, int retries, String data) {
        String withOrder = data.substring(0, data.length() - 1)
                + ",\"order\":{\"id\":100000001,\"external_id\":\"CS-ABC1234\",\"status\":\"partial\"}}";
        return "{\"type\":\"" + type + "\",\"created\":1764000000,\"retries\":" + retries
                + ",\"store\":10000001,\"data\":" + withOrder + "}";
    }
}
