package dev.checkstand.payment.gateway;

import com.stripe.Stripe;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Stripe objects from an event's {@code data.object} leniently, without the SDK's model classes. A payload is
 * only trusted in the API version this service reads; in any other, or when a field needed to act on money is
 * missing, the caller re-reads the object from Stripe.
 */
public final class StripePayloads {

    private StripePayloads() {
    }

    /** The event's {@code data.object} when the event is in the API version this service reads. */
    public static Optional<JsonNode> currentObject(JsonMapper json, String payload, String apiVersion) {
        if (!Stripe.API_VERSION.equals(apiVersion)) {
            return Optional.empty();
        }
        try {
            JsonNode object = json.readTree(payload).path("data").path("object");
            return object.isObject() ? Optional.of(object) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /**
     * Why the event's {@code data.object} can never be acted on as a Stripe object of type {@code expected}
     * ({@code payment_intent}, {@code refund}, ...) in any API version — it is no JSON object, says it is of another
     * type, or has no id — or empty when it may be. A missing {@code object} field is let through.
     */
    public static Optional<String> unusableObject(JsonMapper json, String payload, String expected) {
        JsonNode object;
        try {
            object = json.readTree(payload).path("data").path("object");
        } catch (JacksonException e) {
            return Optional.of("the payload is not JSON");
        }
        if (!object.isObject()) {
            return Optional.of("data.object is " + (object.isMissingNode() ? "missing" : "a JSON "
                    + object.getNodeType().name().toLowerCase(java.util.Locale.ROOT)) + ", not a " + expected);
        }
        if (!isA(object, expected)) {
            String actual = text(object.get("object"));
            return Optional.of("data.object is " + (actual == null ? "of no named type" : "a " + actual) + ", not a "
                    + expected);
        }
        if (text(object.get("id")) == null) {
            return Optional.of("data.object (a " + expected + ") has no id");
        }
        return Optional.empty();
    }

    /** False when the object says it is of another Stripe type than {@code expected}; true when it says nothing. */
    public static boolean isA(JsonNode object, String expected) {
        JsonNode type = object.get("object");
        return type == null || expected.equals(text(type));
    }

    /** The PaymentIntent as the payload has it; check {@link PaymentIntentSnapshot#complete()} before acting on it. */
    public static PaymentIntentSnapshot paymentIntent(JsonNode object) {
        JsonNode error = object.path("last_payment_error");
        String failureCode = null;
        String failureMessage = null;
        if (error.isObject()) {
            String declineCode = text(error.get("decline_code"));
            failureCode = declineCode != null ? declineCode : text(error.get("code"));
            failureMessage = text(error.get("message"));
        }
        String status = text(object.get("status"));
        JsonNode charge = object.path("latest_charge");
        boolean took = "succeeded".equals(status) || "requires_capture".equals(status);
        Long chargeCreated = took && charge.isObject() ? number(charge.get("created")) : null;
        Long captureBefore = charge.isObject()
                ? number(charge.path("payment_method_details").path("card").get("capture_before")) : null;
        return new PaymentIntentSnapshot(text(object.get("id")), status, number(object.get("amount")),
                number(object.get("amount_received")), text(object.get("currency")), metadata(object),
                id(object.get("latest_charge")), failureCode, failureMessage, null,
                chargeCreated == null ? null : Instant.ofEpochSecond(chargeCreated),
                number(object.get("amount_capturable")),
                captureBefore == null ? null : Instant.ofEpochSecond(captureBefore));
    }

    /** The Checkout Session as the payload has it; check {@link CheckoutSessionSnapshot#complete()}. */
    public static CheckoutSessionSnapshot checkoutSession(JsonNode object) {
        Long expires = number(object.get("expires_at"));
        return new CheckoutSessionSnapshot(text(object.get("id")), text(object.get("status")),
                text(object.get("payment_status")), id(object.get("payment_intent")), number(object.get("amount_total")),
                text(object.get("currency")), text(object.get("url")),
                expires == null ? null : Instant.ofEpochSecond(expires), metadata(object));
    }

    /** The refund, or empty when the payload lacks what is needed to act on money. */
    public static Optional<RefundSnapshot> refund(JsonNode object) {
        String id = text(object.get("id"));
        String paymentIntent = id(object.get("payment_intent"));
        String status = text(object.get("status"));
        String currency = text(object.get("currency"));
        Long amount = number(object.get("amount"));
        if (id == null || paymentIntent == null || status == null || currency == null || amount == null) {
            return Optional.empty();
        }
        return Optional.of(new RefundSnapshot(id, paymentIntent, amount, currency, status, text(object.get("reason")),
                text(object.get("failure_reason")), metadata(object)));
    }

    /** The PaymentIntent an object (a charge, a refund) belongs to, read from any API version's payload. */
    public static Optional<String> paymentIntentOf(JsonMapper json, String payload) {
        try {
            return Optional.ofNullable(id(json.readTree(payload).path("data").path("object").get("payment_intent")));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }

    private static Long number(JsonNode node) {
        return node != null && node.isIntegralNumber() ? node.asLong() : null;
    }

    // An id field that may be a string or an expanded object.
    private static String id(JsonNode node) {
        return node == null ? null : node.isString() ? node.asString() : text(node.get("id"));
    }

    private static Map<String, String> metadata(JsonNode object) {
        Map<String, String> metadata = new HashMap<>();
        JsonNode meta = object.path("metadata");
        if (meta.isObject()) {
            meta.properties().forEach(e -> {
                if (e.getValue().isString()) {
                    metadata.put(e.getKey(), e.getValue().asString());
                }
            });
        }
        return metadata;
    }
}
