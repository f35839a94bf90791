package dev.checkstand.support;

import com.stripe.net.Webhook;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.UUID;

/** Stripe events as the service receives them, built around a PaymentIntent's JSON and signed like Stripe does. */
public final class StripeEvents {

    public static final String CURRENT_API_VERSION = com.stripe.Stripe.API_VERSION;

    private StripeEvents() {
    }

    public static String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static String event(String eventId, String type, String objectJson) {
        return event(eventId, type, objectJson, CURRENT_API_VERSION);
    }

    public static String event(String eventId, String type, String objectJson, String apiVersion) {
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"api_version\":\"" + apiVersion + "\",\"created\":"
                + (System.currentTimeMillis() / 1000) + ",\"livemode\":false,\"pending_webhooks\":1,"
                + "\"type\":\"" + type + "\",\"data\":{\"object\":" + objectJson + "}}";
    }

    /** Posts the event to the service's webhook endpoint with a fresh Stripe-Signature. */
    public static Api.Response deliver(Api api, String payload, String secret) {
        try {
            String header = Webhook.Signature.generateSignatureHeader(payload, secret);
            return api.postRaw("/api/payments/webhook", payload, Map.of("Stripe-Signature", header));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
