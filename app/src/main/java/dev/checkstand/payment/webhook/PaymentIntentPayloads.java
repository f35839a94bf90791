package dev.checkstand.payment.webhook;

import dev.checkstand.payment.PaymentIntentSnapshot;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads a PaymentIntent from an event's {@code data.object} without relying on the SDK's API version. */
final class PaymentIntentPayloads {

    private PaymentIntentPayloads() {
    }

    static PaymentIntentSnapshot read(JsonNode object) {
        Map<String, String> metadata = new HashMap<>();
        JsonNode meta = object.path("metadata");
        if (meta.isObject()) {
            meta.properties().forEach(e -> {
                if (e.getValue().isString()) {
                    metadata.put(e.getKey(), e.getValue().asString());
                }
            });
        }
        JsonNode error = object.path("last_payment_error");
        String failureCode = null;
        String failureMessage = null;
        if (error.isObject()) {
            failureCode = text(error.get("decline_code")) != null ? text(error.get("decline_code")) : text(error.get("code"));
            failureMessage = text(error.get("message"));
        }
        JsonNode latestCharge = object.get("latest_charge");
        String chargeId = latestCharge == null ? null
                : latestCharge.isString() ? latestCharge.asString() : text(latestCharge.get("id"));
        return new PaymentIntentSnapshot(text(object.get("id")), text(object.get("status")), number(object.get("amount")),
                number(object.get("amount_received")), text(object.get("currency")), metadata, chargeId, failureCode,
                failureMessage, null);
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }

    private static Long number(JsonNode node) {
        return node != null && node.isIntegralNumber() ? node.asLong() : null;
    }
}
