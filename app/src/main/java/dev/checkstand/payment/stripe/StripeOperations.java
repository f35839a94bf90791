package dev.checkstand.payment.stripe;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The short, stable name of a Stripe API call, for its metrics: {@code create_payment_intent},
 * {@code expire_checkout_session}, {@code list_events}, ... — from the method and the path's shape, never from the
 * ids in it, so there are few of them; anything else is {@code other}.
 */
final class StripeOperations {

    static final String OTHER = "other";

    /** The calls the gateway makes, whose counters exist from start-up. */
    static final List<String> MADE = List.of("create_payment_intent", "retrieve_payment_intent", "cancel_payment_intent",
            "list_payment_intents", "create_refund", "list_refunds", "list_events", "create_checkout_session",
            "retrieve_checkout_session", "expire_checkout_session", "create_account", "retrieve_account",
            "create_account_link", "retrieve_transfer", "retrieve_application_fee");

    private static final String SESSIONS = "checkout/sessions";
    // Collections by their path, with the name of one of their objects.
    private static final Map<String, String> OBJECTS = Map.of("payment_intents", "payment_intent", "refunds", "refund",
            "events", "event", "charges", "charge", SESSIONS, "checkout_session", "accounts", "account", "account_links",
            "account_link", "transfers", "transfer", "application_fees", "application_fee");
    private static final Set<String> ACTIONS = Set.of("cancel", "confirm", "capture", "expire");

    private StripeOperations() {
    }

    /** The operation {@code method} (GET, POST, DELETE) on {@code path} (e.g. {@code /v1/payment_intents/pi_1/cancel}) is. */
    static String of(String method, String path) {
        if (path == null || !path.startsWith("/v1/")) {
            return OTHER;
        }
        String rest = path.substring("/v1/".length());
        String collection = rest.startsWith(SESSIONS) ? SESSIONS
                : rest.indexOf('/') < 0 ? rest : rest.substring(0, rest.indexOf('/'));
        String object = OBJECTS.get(collection);
        if (object == null || rest.length() > collection.length() && rest.charAt(collection.length()) != '/') {
            return OTHER;
        }
        String[] parts = rest.substring(collection.length()).split("/", -1);
        // parts[0] is what came before the first slash after the collection: always empty here.
        if (parts.length == 1) {
            return switch (method) {
                case "POST" -> "create_" + object;
                case "GET" -> "list_" + collection.replace('/', '_');
                default -> OTHER;
            };
        }
        if (parts[1].isEmpty()) {
            return OTHER;
        }
        if (parts.length == 2) {
            return switch (method) {
                case "GET" -> "retrieve_" + object;
                case "POST" -> "update_" + object;
                case "DELETE" -> "delete_" + object;
                default -> OTHER;
            };
        }
        if (parts.length == 3 && "POST".equals(method) && ACTIONS.contains(parts[2])) {
            return parts[2] + "_" + object;
        }
        return OTHER;
    }
}
