package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Api;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every public route, driven with malformed, hostile and oversized input: wrong JSON types in every field, text
 * PostgreSQL cannot store or no customer would type (NUL, control characters, lone surrogates), deep nesting, huge
 * arrays, wrong content types, hostile path and query values. Each answer is a 4xx problem, nothing is stored, and the
 * service still answers.
 */
@CheckstandIntegrationTest
class BadInputIntegrationTests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // Sent as the JSON escape \ud800: a raw unpaired surrogate has no UTF-8 form, so a client would send '?' instead.
    private static final String LONE_SURROGATE = "LONE-SURROGATE";
    // What bad input could write to. (The inbox and the timelines are left out: a job still finishing an earlier test
    // class's orders may write to them; the webhook fuzz test covers the inbox.)
    private static final List<String> TABLES = List.of("orders", "order_items", "payment_attempts", "refunds",
            "reservations", "products");

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    UUID product;
    Map<String, Long> rowsBefore;

    @BeforeEach
    void stockAMugAndCountEveryTable() {
        product = Catalogs.mug(jdbc);
        rowsBefore = rows();
    }

    @AfterEach
    void nothingWasStoredAndTheServiceStillAnswers() {
        assertThat(rows()).isEqualTo(rowsBefore);
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void checkoutsWithAnyFieldOfTheWrongTypeOrHostileTextAreRefused() {
        ObjectNode checkout = (ObjectNode) Api.json(Checkouts.of(product, 2));
        checkout.put("successUrl", "http://localhost/success").put("cancelUrl", "http://localhost/cancel");
        for (String path : List.of("/api/create-payment-intent", "/api/payments/create-checkout-session")) {
            everyMutation(checkout).forEach((what, body) -> expectProblem("POST", path, body.toString(), Map.of(), what));
            everyBodyShape().forEach((what, body) -> expectProblem("POST", path, body, Map.of(), what));
            wrongContentTypes(checkout.toString()).forEach((type, body) ->
                    expectProblem("POST", path, body, Map.of("Content-Type", type), type));
        }
    }

    @Test
    void confirmationsWithHostileIdsAreRefused() {
        ObjectNode confirm = NODES.objectNode().put("paymentIntentId", "pi_123");
        everyMutation(confirm).forEach((what, body) ->
                expectProblem("POST", "/api/payments/confirm", body.toString(), Map.of(), what));
        everyBodyShape().forEach((what, body) -> expectProblem("POST", "/api/payments/confirm", body, Map.of(), what));
    }

    @Test
    void adminBodiesWithAnyFieldOfTheWrongTypeOrHostileTextAreRefused() {
        Map<String, String> admin = Map.of("Authorization", api.adminAuthorization(), "Idempotency-Key", "bad-input-1");
        ObjectNode refund = NODES.objectNode().put("amount", 100).put("reason", "requested_by_customer");
        refund.putArray("restockItems").addObject().put("productId", product.toString()).put("quantity", 1);
        ObjectNode newProduct = NODES.objectNode().put("sku", "BAD-INPUT").put("name", "Mug").put("description", "A mug")
                .put("unitAmount", 1000).put("currency", "gbp").put("active", true).put("onHand", 5);
        ObjectNode stock = NODES.objectNode().put("onHand", 5);
        Map<String, ObjectNode> routes = new LinkedHashMap<>();
        routes.put("POST /api/admin/orders/" + UUID.randomUUID() + "/refunds", refund);
        routes.put("POST /api/admin/products", newProduct);
        routes.put("PUT /api/admin/products/" + product, newProduct);
        routes.put("PUT /api/admin/products/" + product + "/stock", stock);
        routes.forEach((route, body) -> {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            everyMutation(body).forEach((what, mutated) -> expectProblem(method, path, mutated.toString(), admin, what));
            everyBodyShape().forEach((what, shape) -> expectProblem(method, path, shape, admin, what));
            wrongContentTypes(body.toString()).forEach((type, text) -> {
                Map<String, String> headers = new LinkedHashMap<>(admin);
                headers.put("Content-Type", type);
                expectProblem(method, path, text, headers, type);
            });
        });
    }

    @Test
    void hostilePathsQueriesAndHeadersAreRefused() {
        String id = UUID.randomUUID().toString();
        Map<String, String> admin = Map.of("Authorization", api.adminAuthorization());
        // Tomcat refuses an encoded NUL in a path before the application sees it: a 400 of its own, no problem body.
        for (String path : List.of("/api/orders/by-session/%00", "/api/orders/%00/retry-session",
                "/api/orders/by-payment-intent/pi_%00%07")) {
            assertThat(api.send("GET", path, null, Map.of()).status()).as(path).isBetween(400, 499);
        }
        List<String[]> requests = List.of(
                new String[] {"GET", "/api/orders/by-session/cs_" + "a".repeat(5000)},
                new String[] {"GET", "/api/orders/by-payment-intent/%E2%80%AEpi_1"},
                new String[] {"GET", "/api/orders/not-a-uuid/sync-status"},
                new String[] {"POST", "/api/orders/not-a-uuid/cancel"},
                new String[] {"POST", "/api/orders/" + id + "/cancel"},
                new String[] {"POST", "/api/orders/" + id + "/retry-session"});
        requests.forEach(r -> expectProblem(r[0], r[1], null, Map.of(), r[1]));
        List<String[]> adminRequests = List.of(
                new String[] {"GET", "/api/admin/orders?page=-1"},
                new String[] {"GET", "/api/admin/orders?size=abc"},
                new String[] {"GET", "/api/admin/orders?size=100000"},
                new String[] {"GET", "/api/admin/orders?status=bogus"},
                new String[] {"GET", "/api/admin/orders?q=%00"},
                new String[] {"GET", "/api/admin/orders?q=" + "x".repeat(5000)},
                new String[] {"GET", "/api/admin/orders/not-a-uuid"},
                new String[] {"GET", "/api/admin/orders/" + id},
                new String[] {"POST", "/api/admin/orders/" + id + "/sync"},
                new String[] {"POST", "/api/admin/orders/" + id + "/cancel"},
                new String[] {"GET", "/api/admin/reconciliation?from=garbage"},
                new String[] {"GET", "/api/admin/reconciliation?from=2026-13-45T00:00:00Z"},
                new String[] {"GET", "/api/admin/reconciliation?from=2020-01-01T00:00:00Z"},
                new String[] {"GET", "/api/admin/webhook-events?page=abc"},
                new String[] {"GET", "/api/admin/webhook-events?status=%00"},
                new String[] {"GET", "/api/admin/webhook-events?type=%00"},
                new String[] {"POST", "/api/admin/webhook-events/abc/replay"},
                new String[] {"POST", "/api/admin/webhook-events/99999999999999999999/replay"},
                new String[] {"POST", "/api/admin/webhook-events/123456789/replay"},
                new String[] {"GET", "/api/admin/products/not-a-uuid"},
                new String[] {"DELETE", "/api/admin/products/" + id});
        adminRequests.forEach(r -> expectProblem(r[0], r[1], null, admin, r[1]));
        Map<String, String> longKey = Map.of("Authorization", api.adminAuthorization(), "Idempotency-Key", "k".repeat(5000));
        expectProblem("POST", "/api/admin/orders/" + id + "/refunds", "{}", longKey, "a 5,000-character Idempotency-Key");
        expectProblem("POST", "/api/admin/orders/" + id + "/refunds", "{}", admin, "no Idempotency-Key");
    }

    private void expectProblem(String method, String path, String body, Map<String, String> headers, String what) {
        Api.Response response = api.send(method, path, body == null ? null : body.replace(LONE_SURROGATE, "\\ud800"),
                headers);
        assertThat(response.status()).as("%s %s with %s: %s", method, path, what, response.body()).isBetween(400, 499);
        assertThat(response.contentType()).as("%s %s with %s", method, path, what).startsWith("application/problem+json");
        assertThat(response.text("code")).as("%s %s with %s", method, path, what).isNotBlank();
    }

    /** For every field (nested ones too), the body with that field replaced by each hostile value. */
    private static Map<String, JsonNode> everyMutation(ObjectNode body) {
        Map<String, JsonNode> mutations = new LinkedHashMap<>();
        mutate(body, body, "", mutations);
        return mutations;
    }

    private static void mutate(ObjectNode root, JsonNode node, String path, Map<String, JsonNode> into) {
        if (node instanceof ObjectNode object) {
            for (String field : new ArrayList<>(object.propertyNames())) {
                JsonNode value = object.get(field);
                for (Map.Entry<String, JsonNode> bad : hostileValues(value).entrySet()) {
                    object.set(field, bad.getValue());
                    into.put(path + field + " = " + bad.getKey(), root.deepCopy());
                }
                object.set(field, value);
                mutate(root, value, path + field + ".", into);
            }
        } else if (node instanceof ArrayNode array && !array.isEmpty()) {
            mutate(root, array.get(0), path + "0.", into);
        }
    }

    private static Map<String, JsonNode> hostileValues(JsonNode value) {
        Map<String, JsonNode> bad = new LinkedHashMap<>();
        if (value.isString()) {
            bad.put("with NUL", NODES.stringNode(value.asString() + "\u0000"));
            bad.put("with a control character", NODES.stringNode(value.asString() + "\u0007"));
            bad.put("with a lone surrogate", NODES.stringNode(value.asString() + LONE_SURROGATE));
            bad.put("10,000 characters", NODES.stringNode("x".repeat(10_000)));
            bad.put("a number", NODES.numberNode(12345678901234567L));
            bad.put("true", NODES.booleanNode(true));
        } else if (value.isNumber()) {
            bad.put("a string", NODES.stringNode(value.asString()));
            bad.put("a fraction", NODES.numberNode(1.5));
            bad.put("true", NODES.booleanNode(true));
            bad.put("a 1e400 number", NODES.numberNode(new java.math.BigDecimal("1e400")));
            bad.put("a 30-digit number", NODES.numberNode(new java.math.BigInteger("1".repeat(30))));
            bad.put("negative", NODES.numberNode(-1));
        } else if (value.isBoolean()) {
            bad.put("a string", NODES.stringNode("true"));
            bad.put("a number", NODES.numberNode(1));
        } else if (value.isArray()) {
            bad.put("an object", NODES.objectNode());
            bad.put("a string", NODES.stringNode("x"));
            bad.put("numbers", NODES.arrayNode().add(1).add(2));
            bad.put("a null element", NODES.arrayNode().addNull());
        }
        if (value.isObject()) {
            bad.put("a string", NODES.stringNode("x"));
            bad.put("an array", NODES.arrayNode());
        } else {
            bad.put("an object", NODES.objectNode().put("x", 1));
            bad.put("an array", NODES.arrayNode().add(value.deepCopy()));
        }
        return bad;
    }

    /** Bodies that are not the object the route takes at all. */
    private static Map<String, String> everyBodyShape() {
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("an empty body", "");
        shapes.put("a truncated object", "{\"checkoutId\":");
        shapes.put("null", "null");
        shapes.put("a number", "1");
        shapes.put("a string", "\"x\"");
        shapes.put("an array", "[{}]");
        shapes.put("10,000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000));
        shapes.put("10,000 nested objects", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
        shapes.put("200,000 items", "{\"items\":[" + String.join(",", java.util.Collections.nCopies(200_000, "1")) + "]}");
        shapes.put("a NUL outside strings", "{\u0000}");
        shapes.put("invalid UTF-8 escapes", "{\"email\":\"\\uZZZZ\"}");
        return shapes;
    }

    private static Map<String, String> wrongContentTypes(String json) {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("text/plain", json);
        types.put("application/xml", "<checkout/>");
        types.put("application/x-www-form-urlencoded", "checkoutId=x&email=y");
        types.put("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n");
        return types;
    }

    private Map<String, Long> rows() {
        Map<String, Long> rows = new LinkedHashMap<>();
        TABLES.forEach(table -> rows.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single()));
        return rows;
    }
}
