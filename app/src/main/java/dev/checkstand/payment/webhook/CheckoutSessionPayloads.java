package dev.checkstand.payment.webhook;

import dev.checkstand.payment.CheckoutSessionSnapshot;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads a Checkout Session from an event's {@code data.object}. */
final class CheckoutSessionPayloads {

    private CheckoutSessionPayloads() {
    }

    static CheckoutSessionSnapshot read(JsonNode object) {
        Map<String, String> metadata = new HashMap<>();
        JsonNode meta = object.path("metadata");
        if (meta.isObject()) {
            meta.properties().forEach(e -> {
                if (e.getValue().isString()) {
                    metadata.put(e.getKey(), e.getValue().asString());
                }
            });
        }
        JsonNode pi = object.get("payment_intent");
        String paymentIntentId = pi == null ? null : pi.isString() ? pi.asString() : text(pi.get("id"));
        JsonNode expires = object.get("expires_at");
        JsonNode total = object.get("amount_total");
        return new CheckoutSessionSnapshot(text(object.get("id")), text(object.get("status")),
                text(object.get("payment_status")), paymentIntentId,
                total != null && total.isIntegralNumber() ? total.asLong() : null, text(object.get("currency")),
                text(object.get("url")),
                expires != null && expires.isIntegralNumber() ? Instant.ofEpochSecond(expires.asLong()) : null,
                metadata);
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }
}
