package dev.checkstand.payment.webhook;

import dev.checkstand.payment.RefundSnapshot;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads a Refund from an event's {@code data.object}. */
final class RefundPayloads {

    private RefundPayloads() {
    }

    /** The refund, or null when the payload lacks what is needed to act on money. */
    static RefundSnapshot read(JsonNode object) {
        JsonNode amount = object.get("amount");
        String id = Payloads.text(object.get("id"));
        String pi = Payloads.text(object.get("payment_intent"));
        String status = Payloads.text(object.get("status"));
        String currency = Payloads.text(object.get("currency"));
        if (id == null || pi == null || status == null || currency == null || amount == null || !amount.isIntegralNumber()) {
            return null;
        }
        Map<String, String> metadata = Payloads.metadata(object);
        return new RefundSnapshot(id, pi, amount.asLong(), currency, status, Payloads.text(object.get("reason")),
                Payloads.text(object.get("failure_reason")), metadata);
    }

    static String paymentIntentOf(JsonNode object) {
        JsonNode pi = object == null ? null : object.get("payment_intent");
        return pi == null ? null : pi.isString() ? pi.asString() : Payloads.text(pi.get("id"));
    }
}
