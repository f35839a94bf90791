package dev.checkstand.payment.stripe;

import dev.checkstand.inbox.WebhookSource;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Stripe as a webhook source: {@code Stripe-Signature} checked with stripe-java, the event envelope read leniently. */
@Component
class StripeWebhooks implements WebhookSource {

    // What Stripe's event ids and types look like; anything else (control characters, NUL, markup) is not an event.
    private static final Pattern EVENT_ID = Pattern.compile("evt_[A-Za-z0-9_]{1,250}");
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");

    private final WebhookSignatures signatures;
    private final JsonMapper json;

    StripeWebhooks(StripeConnection stripe, JsonMapper json, Clock clock) {
        this.signatures = new WebhookSignatures(stripe.webhookSecrets(), clock);
        this.json = json;
    }

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public boolean verify(String payload, String signature) {
        return signatures.verify(payload, signature);
    }

    /** The envelope of a Stripe event in any API version; empty when its id or type is not one Stripe would send. */
    @Override
    public Optional<Envelope> envelope(String payload) {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        String id = text(root.get("id"));
        String type = text(root.get("type"));
        if (id == null || !EVENT_ID.matcher(id).matches() || type == null || !EVENT_TYPE.matcher(type).matches()) {
            return Optional.empty();
        }
        JsonNode created = root.get("created");
        return Optional.of(new Envelope(id, type, text(root.get("api_version")), root.path("livemode").asBoolean(false),
                text(root.path("data").path("object").get("id")),
                created != null && created.canConvertToLong() ? Instant.ofEpochSecond(created.asLong()) : null));
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }
}
