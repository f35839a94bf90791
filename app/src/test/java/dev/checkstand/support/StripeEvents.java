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
        return deliverTo(api, "/api/payments/webhook", payload, secret);
    }

    /** Posts the event to the service's Connect webhook endpoint with a fresh Stripe-Signature. */
    public static Api.Response deliverConnect(Api api, String payload, String secret) {
        return deliverTo(api, "/api/payments/webhook/connect", payload, secret);
    }

    private static Api.Response deliverTo(Api api, String path, String payload, String secret) {
        try {
            String header = Webhook.Signature.generateSignatureHeader(payload, secret);
            return api.postRaw(path, payload, Map.of("Stripe-Signature", header));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An {@code account.updated} event on connected account {@code accountId}, created at {@code created}. */
    public static String accountUpdated(String eventId, String accountId, long created, boolean chargesEnabled,
            boolean payoutsEnabled, String disabledReason) {
        String account = "{\"id\":\"" + accountId + "\",\"object\":\"account\",\"type\":\"express\","
                + "\"charges_enabled\":" + chargesEnabled + ",\"payouts_enabled\":" + payoutsEnabled
                + ",\"details_submitted\":true,\"requirements\":{\"currently_due\":[],\"past_due\":[],"
                + "\"eventually_due\":[],\"disabled_reason\":"
                + (disabledReason == null ? "null" : "\"" + disabledReason + "\"") + "}}";
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"account\":\"" + accountId
                + "\",\"api_version\":\"" + CURRENT_API_VERSION + "\",\"created\":" + created
                + ",\"livemode\":false,\"pending_webhooks\":1,\"type\":\"account.updated\",\"data\":{\"object\":"
                + account + "}}";
    }
}
