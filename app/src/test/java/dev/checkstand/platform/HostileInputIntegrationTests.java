package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Api;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.TestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Text PostgreSQL cannot store and values of the wrong JSON type are 400s naming the field; nothing is stored. */
@CheckstandIntegrationTest
class HostileInputIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LONE_SURROGATE = "\\ud800";

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    UUID mug;
    long ordersBefore;

    @BeforeEach
    void setUp() {
        mug = Catalogs.mug(jdbc);
        ordersBefore = jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single();
    }

    static Stream<Arguments> unstorableText() {
        return Stream.of(
                Arguments.of("shippingAddress.name", "\\u0000"),
                Arguments.of("shippingAddress.city", "Lon\\u0000don"),
                Arguments.of("shippingAddress.name", LONE_SURROGATE),
                Arguments.of("shippingAddress.line1", "1 High Street \\udc00"),
                Arguments.of("email", "alice\\u0000@example.com"),
                Arguments.of("checkoutId", "co_12345678901234567\\u0000"));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("unstorableText")
    void unstorableTextInTheBodyIs400NamingTheField(String field, String escapedValue) {
        String body = withRawValue(Checkouts.of(mug, 1), field, escapedValue);

        for (String route : List.of("/api/create-payment-intent", "/api/payments/create-checkout-session")) {
            Api.Response response = api.postRaw(route, body, Map.of());

            assertThat(response.status()).as(route).isEqualTo(400);
            assertThat(response.text("code")).isEqualTo("invalid_request");
            assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo(field);
        }
        assertNothingStored();
    }

    @Test
    void unstorableTextInAQueryParameterIs400NamingIt() {
        Api.Response response = api.getAsAdmin("/api/admin/orders?q=CS-%00");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("code")).isEqualTo("invalid_request");
        assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("q");
    }

    @Test
    void unstorableTextInAPageParameterIs400NamingIt() {
        Api.Response response = api.get("/checkout/success?session_id=cs_%00");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("session_id");
    }

    @Test
    void unstorableTextInAPathVariableIsAClientError() {
        Api.Response nul = api.get("/api/orders/by-session/cs_%00");
        Api.Response surrogate = api.get("/api/orders/by-payment-intent/pi_%ED%A0%80");

        assertThat(nul.status()).isBetween(400, 499);
        assertThat(surrogate.status()).isBetween(400, 499);
    }

    @Test
    void unstorableTextInTheIdempotencyKeyIsAClientError() throws IOException {
        String authorization = Base64.getEncoder()
                .encodeToString(("admin:" + TestSupport.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

        String answer = raw("POST /api/admin/orders/" + UUID.randomUUID() + "/refunds HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Basic " + authorization + "\r\n"
                + "Idempotency-Key: key\0one\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\n{}");

        assertThat(statusOf(answer)).isBetween(400, 499);
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("items[0].quantity", "\"2\"", "must be a whole number"),
                Arguments.of("items[0].quantity", "1.5", "must be a whole number"),
                Arguments.of("items[0].quantity", "true", "must be a whole number"),
                Arguments.of("checkoutId", "12345678901234567", "must be a string"),
                Arguments.of("email", "true", "must be a string"),
                Arguments.of("shippingAddress.country", "44", "must be a string"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("wrongTypes")
    void valuesOfTheWrongTypeAre400NamingTheField(String field, String rawValue, String message) {
        String body = withRawValue(Checkouts.of(mug, 2), field, null).replace("\"@@\"", rawValue);

        Api.Response response = api.postRaw("/api/create-payment-intent", body, Map.of());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("code")).isEqualTo("invalid_request");
        assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo(field);
        assertThat(response.json().path("errors").get(0).path("message").asString()).isEqualTo(message);
        assertNothingStored();
    }

    @Test
    void unknownFieldsAreStillIgnored() {
        Map<String, Object> body = new LinkedHashMap<>(Checkouts.of(mug, 1));
        body.put("coupon", "FREE");

        assertThat(api.post("/api/create-payment-intent", body).status()).isEqualTo(201);
    }

    // The body as JSON text with one field set to a placeholder ("@@") or to a string holding the escaped value.
    private static String withRawValue(Map<String, Object> checkout, String field, String escapedValue) {
        Map<String, Object> body = new LinkedHashMap<>(checkout);
        if (field.startsWith("shippingAddress.")) {
            Map<String, Object> address = new LinkedHashMap<>(Checkouts.toLondon());
            address.put(field.substring("shippingAddress.".length()), "@@");
            body.put("shippingAddress", address);
        } else if (field.startsWith("items[0].")) {
            Map<String, Object> item = new LinkedHashMap<>(Map.of("productId", checkout.get("items") instanceof List<?> items
                    ? ((Map<?, ?>) items.get(0)).get("productId") : ""));
            item.put(field.substring("items[0].".length()), "@@");
            body.put("items", List.of(item));
        } else {
            body.put(field, "@@");
        }
        String json = JSON.writeValueAsString(body);
        return escapedValue == null ? json : json.replace("@@", escapedValue);
    }

    private void assertNothingStored() {
        assertThat(jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single()).isEqualTo(ordersBefore);
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(5, 0);
    }

    private String raw(String request) throws IOException {
        int port = Integer.parseInt(environment.getProperty("local.server.port"));
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static int statusOf(String answer) {
        return Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
    }
}
