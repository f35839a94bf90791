package dev.checkstand.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Checkout request bodies for tests. */
public final class Checkouts {

    private Checkouts() {
    }

    /** One mug made for this test ({@link Catalogs#mug}), bought under a new checkout id and shipped to London. */
    public static Checkout oneMugToLondon(JdbcClient jdbc) {
        UUID mug = Catalogs.mug(jdbc);
        return new Checkout(mug, of(mug, 1));
    }

    /** Two of a mug made for this test ({@link Catalogs#mug}), bought under a new checkout id and shipped to London. */
    public static Checkout twoMugsToLondon(JdbcClient jdbc) {
        UUID mug = Catalogs.mug(jdbc);
        return new Checkout(mug, of(mug, 2));
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

    /** A checkout request body and the product it buys, made for one test. */
    public record Checkout(UUID product, Map<String, Object> body) {

        public String checkoutId() {
            return (String) body.get("checkoutId");
        }
    }
}
