package dev.checkstand.payment.webhook;

import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The envelope fields of a Stripe event, read leniently from its raw JSON (any API version). */
record ParsedEvent(String id, String type, String apiVersion, boolean livemode, String objectId, Instant created,
        JsonNode object) {

    /** Parses the payload; empty when it is not a Stripe event (no {@code evt_} id or no type). */
    static java.util.Optional<ParsedEvent> parse(JsonMapper json, String payload) {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (JacksonException e) {
            return java.util.Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return java.util.Optional.empty();
        }
        String id = text(root.get("id"));
        String type = text(root.get("type"));
        if (id == null || !id.startsWith("evt_") || id.length() > 255 || type == null || type.length() > 255) {
            return java.util.Optional.empty();
        }
        JsonNode object = root.path("data").path("object");
        JsonNode created = root.get("created");
        return java.util.Optional.of(new ParsedEvent(id, type, text(root.get("api_version")),
                root.path("livemode").asBoolean(false), text(object.get("id")),
                created != null && created.canConvertToLong() ? Instant.ofEpochSecond(created.asLong()) : null,
                object.isObject() ? object : null));
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }
}
