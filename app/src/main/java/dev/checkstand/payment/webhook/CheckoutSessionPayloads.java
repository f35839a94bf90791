package dev.checkstand.payment.webhook;

import dev.checkstand.payment.CheckoutSessionSnapshot;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads a Checkout Session from an event's {@code data.object}. */
final class CheckoutSessionPayloads {

    private CheckoutSessionPayloads() {
    }

    static CheckoutSessionSnapshot read(JsonNode object) {
        Map<String, String> metadata = Payloads.metadata(object);
        JsonNode pi = object.get("payment_intent");
        String paymentIntentId = pi == null ? null : pi.isString() ? pi.asString() : Payloads.text(pi.get("id"));
        JsonNode expires = object.get("expires_at");
        JsonNode total = object.get("amount_total");
        return new CheckoutSessionSnapshot(Payloads.text(object.get("id")), Payloads.text(object.get("status")),
                Payloads.text(object.get("payment_status")), paymentIntentId,
                total != null && total.isIntegralNumber() ? total.asLong() : null, Payloads.text(object.get("currency")),
                Payloads.text(object.get("url")),
                expires != null && expires.isIntegralNumber() ? Instant.ofEpochSecond(expires.asLong()) : null,
                metadata);
    }
}
