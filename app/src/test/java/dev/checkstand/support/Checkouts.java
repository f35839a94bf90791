package dev.checkstand.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Checkout request bodies for tests. */
public final class Checkouts {

    private Checkouts() {
    }

    public static String newCheckoutId() {
        return "co_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A checkout of {@code quantity} units of one product under a new checkout id, shipped to London. */
    public static Map<String, Object> of(UUID productId, int quantity) {
        return of(newCheckoutId(), productId, quantity);
    }

    /** A checkout of {@code quantity} units of one product, shipped to London. */
    public static Map<String, Object> of(String checkoutId, UUID productId, int quantity) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("checkoutId", checkoutId);
        body.put("email", "alice@example.com");
        body.put("items", List.of(Map.of("productId", productId.toString(), "quantity", quantity)));
        body.put("shippingAddress", toLondon());
        return body;
    }

    public static Map<String, Object> toLondon() {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("name", "Alice Example");
        address.put("line1", "1 High Street");
        address.put("line2", null);
        address.put("city", "London");
        address.put("state", null);
        address.put("postalCode", "N1 9GU");
        address.put("country", "GB");
        return address;
    }
}
