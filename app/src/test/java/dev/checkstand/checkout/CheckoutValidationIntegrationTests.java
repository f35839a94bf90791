package dev.checkstand.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Api;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@CheckstandIntegrationTest
class CheckoutValidationIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    UUID mug;
    long ordersBefore;

    @BeforeEach
    void setUp() {
        mug = Catalogs.mug(jdbc);
        ordersBefore = countOrders();
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of("short checkout id", (Consumer<Map<String, Object>>) b -> b.put("checkoutId", "short")),
                Arguments.of("checkout id with bad characters", (Consumer<Map<String, Object>>) b -> b.put("checkoutId", "co_!!!!!!!!!!!!!!!!!!")),
                Arguments.of("bad email", (Consumer<Map<String, Object>>) b -> b.put("email", "not-an-email")),
                Arguments.of("missing email", (Consumer<Map<String, Object>>) b -> b.remove("email")),
                Arguments.of("empty items", (Consumer<Map<String, Object>>) b -> b.put("items", List.of())),
                Arguments.of("quantity zero", (Consumer<Map<String, Object>>) b -> item(b, 0)),
                Arguments.of("quantity over 100", (Consumer<Map<String, Object>>) b -> item(b, 101)),
                Arguments.of("quantity as text", (Consumer<Map<String, Object>>) b -> b.put("items",
                        List.of(Map.of("productId", UUID.randomUUID().toString(), "quantity", "many")))),
                Arguments.of("product id not a uuid", (Consumer<Map<String, Object>>) b -> b.put("items",
                        List.of(Map.of("productId", "mug", "quantity", 1)))),
                Arguments.of("unknown product", (Consumer<Map<String, Object>>) b -> b.put("items",
                        List.of(Map.of("productId", UUID.randomUUID().toString(), "quantity", 1)))),
                Arguments.of("unknown country", (Consumer<Map<String, Object>>) b -> address(b, "country", "XX")),
                Arguments.of("lower-case country", (Consumer<Map<String, Object>>) b -> address(b, "country", "gb")),
                Arguments.of("missing city", (Consumer<Map<String, Object>>) b -> address(b, "city", null)),
                Arguments.of("missing address", (Consumer<Map<String, Object>>) b -> b.remove("shippingAddress")),
                Arguments.of("items not a list", (Consumer<Map<String, Object>>) b -> b.put("items", "mug")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void invalidRequestsAre400AndCreateNothing(String name, Consumer<Map<String, Object>> change) {
        Map<String, Object> body = new LinkedHashMap<>(Checkouts.of(mug, 1));
        change.accept(body);

        Api.Response response = api.post("/api/create-payment-intent", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("code")).isEqualTo("invalid_request");
        assertThat(response.json().path("errors").isArray()).isTrue();
        assertThat(countOrders()).isEqualTo(ordersBefore);
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(5, 0);
    }

    @Test
    void inactiveProductIsRefused() {
        jdbc.sql("update products set active = false where id = :id").param("id", mug).update();

        Api.Response response = api.post("/api/create-payment-intent", Checkouts.of(mug, 1));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("message").asString()).contains("inactive");
    }

    @Test
    void malformedJsonIs400() {
        Api.Response response = api.postRaw("/api/create-payment-intent", "{\"checkoutId\": ", Map.of());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("code")).isEqualTo("invalid_request");
    }

    @Test
    void oversizedBodyIs413() {
        String huge = "{\"checkoutId\":\"" + "a".repeat(300_000) + "\"}";

        Api.Response response = api.postRaw("/api/create-payment-intent", huge, Map.of());

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.text("code")).isEqualTo("invalid_request");
    }

    @Test
    void unknownPathIsAProblem() {
        Api.Response response = api.get("/api/no-such-thing");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text("code")).isEqualTo("not_found");
    }

    private long countOrders() {
        return jdbc.sql("select count(*) from orders").query(Long.class).single();
    }

    @SuppressWarnings("unchecked")
    private static void address(Map<String, Object> body, String field, Object value) {
        Map<String, Object> address = new LinkedHashMap<>((Map<String, Object>) body.get("shippingAddress"));
        address.put(field, value);
        body.put("shippingAddress", address);
    }

    @SuppressWarnings("unchecked")
    private static void item(Map<String, Object> body, int quantity) {
        Map<String, Object> item = new LinkedHashMap<>(((List<Map<String, Object>>) body.get("items")).get(0));
        item.put("quantity", quantity);
        body.put("items", List.of(item));
    }
}
