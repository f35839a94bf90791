package dev.checkstand.payment.webhook;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Lenient readers of fields in Stripe's JSON, whatever its API version. */
final class Payloads {

    private Payloads() {
    }

    static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }

    static Long number(JsonNode node) {
        return node != null && node.isIntegralNumber() ? node.asLong() : null;
    }

    /** An id field that may be a string or an expanded object. */
    static String id(JsonNode node) {
        return node == null ? null : node.isString() ? node.asString() : text(node.get("id"));
    }

    static Map<String, String> metadata(JsonNode object) {
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
