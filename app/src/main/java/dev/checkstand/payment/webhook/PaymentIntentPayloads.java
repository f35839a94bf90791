package dev.checkstand.payment.webhook;

import dev.checkstand.payment.PaymentIntentSnapshot;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads a PaymentIntent from an event's {@code data.object} without relying on the SDK's API version. */
final class PaymentIntentPayloads {

    private PaymentIntentPayloads() {
    }

    static PaymentIntentSnapshot read(JsonNode object) {
        Map<String, String> metadata = Payloads.metadata(object);
        JsonNode error = object.path("last_payment_error");
        String failureCode = null;
        String failureMessage = null;
        if (error.isObject()) {
            String declineCode = Payloads.text(error.get("decline_code"));
            failureCode = declineCode != null ? declineCode : Payloads.text(error.get("code"));
            failureMessage = Payloads.text(error.get("message"));
        }
        String chargeId = Payloads.id(object.get("latest_charge"));
        return new PaymentIntentSnapshot(Payloads.text(object.get("id")), Payloads.text(object.get("status")),
                Payloads.number(object.get("amount")), Payloads.number(object.get("amount_received")),
                Payloads.text(object.get("currency")), metadata, chargeId, failureCode,
                failureMessage, null);
    }
}
