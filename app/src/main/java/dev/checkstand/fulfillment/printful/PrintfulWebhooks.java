package dev.checkstand.fulfillment.printful;

import dev.checkstand.inbox.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Printful as a webhook source. v1 webhooks carry no signature: the secret in the URL path is the proof, compared in
 * constant time. They carry no event id either: {@code {type, created, retries, store, data}} — the id is a hash of
 * everything but {@code retries}, so Printful's retries and duplicates of one notice are stored once.
 */
@Component
class PrintfulWebhooks implements WebhookSource {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z_]{0,63}");

    private final byte[] secret;
    private final JsonMapper json;

    PrintfulWebhooks(PrintfulConnection connection, JsonMapper json) {
        this.secret = connection.webhookSecret().getBytes(StandardCharsets.UTF_8);
        this.json = json;
    }

    @Override
    public String name() {
        return "printful";
    }

    /** {@code signature} is the secret from the webhook URL's path. */
    @Override
    public boolean verify(String payload, String signature) {
        return signature != null && MessageDigest.isEqual(secret, signature.getBytes(StandardCharsets.UTF_8));
    }

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
        JsonNode type = root.get("type");
        JsonNode created = root.get("created");
        JsonNode data = root.get("data");
        if (type == null || !type.isString() || !TYPE.matcher(type.asString()).matches() || created == null
                || !created.canConvertToLong() || data == null || !data.isObject()) {
            return Optional.empty();
        }
        JsonNode order = data.path("order");
        JsonNode externalId = order.get("external_id");
        String objectId = externalId != null && externalId.isString() ? externalId.asString()
                : order.path("id").canConvertToLong() ? Long.toString(order.path("id").asLong()) : null;
        String id = "pf_" + sha256(type.asString() + "\n" + created.asLong() + "\n" + root.path("store").asString("")
                + "\n" + json.writeValueAsString(data)).substring(0, 40);
        return Optional.of(new Envelope(id, type.asString(), "v1", true,
                objectId != null && objectId.length() <= 255 ? objectId : null, Instant.ofEpochSecond(created.asLong())));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
