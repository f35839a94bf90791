package dev.checkstand.payment.webhook;

import dev.checkstand.payment.RefundSnapshot;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads a Refund from an event's {@code data.object}. */
final class RefundPayloads {

    private RefundPayloads() {
    }

    /** The refund, or null when the payload lacks what is needed to act on money. */
    static RefundSnapshot read(JsonNode object) {
        JsonNode amount = object.get("amount");
        String id = text(object.get("id"));
        String pi = text(object.get("payment_intent"));
        String status = text(object.get("status"));
        String currency = text(object.get("currency"));
        if (id == null || pi == null || status == null || currency == null || amount == null || !amount.isIntegralNumber()) {
            return null;
        }
        Map<String, String> metadata = new HashMap<>();
        JsonNode meta = object.path("metadata");
        if (meta.isObject()) {
            meta.properties().forEach(e -> {
                if (e.getValue().isString()) {
                    metadata.put(e.getKey(), e.getValue().asString());
                }
            });
        }
        return new RefundSnapshot(id, pi, amount.asLong(), currency, status, text(object.get("reason")),
                text(object.get("failure_reason")), metadata);
    }

    static String paymentIntentOf(JsonNode object) {
        JsonNode pi = object == null ? null : object.get("payment_intent");
        return pi == null ? null : pi.isString() ? pi.asString() : text(pi.get("id"));
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }
}
