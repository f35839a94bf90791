package dev.checkstand.bench.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.Webhook;
import com.stripe.param.PaymentIntentCreateParams;
import dev.checkstand.bench.load.Requests;
import dev.checkstand.simulator.StripeSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.UUID;

/**
 * A real {@code payment_intent.succeeded} event, captured once from the simulator and turned into a template: the
 * event for seeded order {@code g} is the same bytes with that order's ids, so every webhook has the size and shape
 * of the one Stripe would send (metadata, latest charge, payment method, request) and the service reads it without
 * calling Stripe back.
 */
public final class EventTemplate {

    private static final UUID ORDER = UUID.fromString("0badc0de-0000-4000-8000-000000000001");
    private static final UUID ATTEMPT = UUID.fromString("0badc0de-0000-4000-8000-000000000002");
    private static final String NUMBER = "BN-TEMPLATE";

    private final String template;

    private EventTemplate(String template) {
        this.template = template;
    }

    /** Pays one PaymentIntent at the simulator and keeps its {@code payment_intent.succeeded} event. */
    public static EventTemplate capture(StripeSimulator stripe) {
        try {
            StripeClient client = StripeClient.builder().setApiKey(stripe.secretKey()).setApiBase(stripe.baseUrl()).build();
            PaymentIntent pi = client.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                    .setAmount(Seeder.TOTAL)
                    .setCurrency("gbp")
                    .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                            .setEnabled(true).build())
                    .putMetadata("order_id", ORDER.toString())
                    .putMetadata("attempt_id", ATTEMPT.toString())
                    .putMetadata("order_number", NUMBER)
                    .setDescription("Order " + NUMBER)
                    .setReceiptEmail("buyer-template@example.com")
                    .setPaymentMethod("pm_card_visa")
                    .setConfirm(true)
                    .build());
            HttpResponse<String> listed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            stripe.baseUrl() + "/v1/events?type=payment_intent.succeeded&limit=100"))
                    .header("Authorization", "Bearer " + stripe.secretKey()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonElement element : JsonParser.parseString(listed.body()).getAsJsonObject().getAsJsonArray("data")) {
                JsonObject event = element.getAsJsonObject();
                JsonObject object = event.getAsJsonObject("data").getAsJsonObject("object");
                if (object.get("id").getAsString().equals(pi.getId())) {
                    String json = event.toString()
                            .replace(event.get("id").getAsString(), "{{EVT}}")
                            .replace(pi.getId(), "{{PI}}")
                            .replace(pi.getLatestCharge(), "{{CH}}")
                            .replace(ORDER.toString(), "{{ORDER}}")
                            .replace(ATTEMPT.toString(), "{{ATTEMPT}}")
                            .replace(NUMBER, "{{NUMBER}}")
                            .replace("buyer-template@", "buyer{{G}}@");
                    return new EventTemplate(json);
                }
            }
            throw new IllegalStateException("the simulator recorded no payment_intent.succeeded for " + pi.getId());
        } catch (StripeException | IOException e) {
            throw new IllegalStateException("Could not capture an event from the simulator", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The event paying seeded order {@code g}; {@code round} makes a distinct event id for the same order. */
    public String payload(long g, int round) {
        return template.replace("{{EVT}}", SeedIds.eventId(g, round))
                .replace("{{PI}}", SeedIds.paymentIntentId(g))
                .replace("{{CH}}", SeedIds.chargeId(g))
                .replace("{{ORDER}}", SeedIds.orderId(g).toString())
                .replace("{{ATTEMPT}}", SeedIds.attemptId(g).toString())
                .replace("{{NUMBER}}", SeedIds.orderNumber(g))
                .replace("{{G}}", Long.toString(g));
    }

    /** The webhook request for order {@code g}, signed now with {@code secret} as Stripe signs it. */
    public byte[] signedRequest(String secret, long g, int round) {
        String payload = payload(g, round);
        try {
            String signature = Webhook.Signature.generateSignatureHeader(payload, secret);
            return Requests.postJson("/api/payments/webhook", Map.of("Stripe-Signature", signature,
                    "User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"), payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The size in bytes of one event body. */
    public int size() {
        return payload(1, 0).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
