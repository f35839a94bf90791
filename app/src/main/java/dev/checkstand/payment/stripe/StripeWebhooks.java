package dev.checkstand.payment.stripe;

import dev.checkstand.inbox.WebhookSource;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe as a webhook source: {@code Stripe-Signature} checked with stripe-java against one endpoint's secrets, the
 * event envelope read leniently. Two of them: the platform's endpoint ({@code stripe}) and the Connect endpoint
 * ({@code stripe-connect}, events on sellers' connected accounts, each naming its {@code account}), each with its own
 * secrets.
 */
class StripeWebhooks implements WebhookSource {

    // What Stripe's event ids and types look like; anything else (control characters, NUL, markup) is not an event.
    private static final Pattern EVENT_ID = Pattern.compile("evt_[A-Za-z0-9_]{1,250}");
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");

    private static final Pattern ACCOUNT_ID = Pattern.compile("acct_[A-Za-z0-9_]{1,250}");

    private final String name;
    private final boolean connect;
    private final WebhookSignatures signatures;
    private final JsonMapper json;

    private StripeWebhooks(String name, boolean connect, java.util.List<String> secrets, JsonMapper json, Clock clock) {
        this.name = name;
        this.connect = connect;
        // Without a Connect secret configured, no delivery to the Connect endpoint can be verified: all are refused.
        this.signatures = secrets.isEmpty() ? null : new WebhookSignatures(secrets, clock);
        this.json = json;
    }

    /** The platform's endpoint: events on the platform's own objects. */
    static StripeWebhooks platform(StripeConnection stripe, JsonMapper json, Clock clock) {
        return new StripeWebhooks("stripe", false, stripe.webhookSecrets(), json, clock);
    }

    /** The Connect endpoint: events on connected accounts, each with the account it is about. */
    static StripeWebhooks connect(StripeConnection stripe, JsonMapper json, Clock clock) {
        return new StripeWebhooks("stripe-connect", true, stripe.connectWebhookSecrets(), json, clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean verify(String payload, String signature) {
        return signatures != null && signatures.verify(payload, signature);
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
        // Connect events name the connected account they are about; platform events do not.
        String account = text(root.get("account"));
        if (connect != (account != null) || account != null && !ACCOUNT_ID.matcher(account).matches()) {
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
