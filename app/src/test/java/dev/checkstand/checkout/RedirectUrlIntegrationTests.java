package dev.checkstand.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.model.checkout.Session;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** API.md, "Redirect URLs": a Checkout Session sends the customer back only to the shop's own origins. */
@CheckstandIntegrationTest
@TestPropertySource(properties = {
        "checkstand.checkout.public-url=https://pay.shop.example/checkstand",
        "checkstand.checkout.allowed-redirect-origins=https://shop.example, https://www.shop.example:8443"})
class RedirectUrlIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    UUID mug;

    @BeforeEach
    void setUp() {
        mug = Catalogs.mug(jdbc);
    }

    static Stream<Arguments> foreignUrls() {
        return Stream.of("successUrl", "cancelUrl").flatMap(field -> Stream.of(
                "javascript:alert(1)",
                "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
                "//evil.example/",
                "/relative/page",
                "https://evil.example/phish",
                "http://localhost.evil.example",
                "https://shop.example@evil.example/",
                "https://shop.example:x@evil.example/",
                "https://shop.example.evil.example/",
                "https://evil.example\\@shop.example/",
                "https://evil.example#@shop.example",
                "http://shop.example/",
                "https://shop.example:444/",
                "https://www.shop.example/",
                "https://pay.shop.example.evil.example/",
                "ftp://shop.example/",
                "https:shop.example",
                "https://shop.example./",
                "https://shop.example/{CHECKOUT_SESSION_ID}/{OTHER}",
                "https://sh\top.example/",
                "https://%73hop.example/")
                .map(url -> Arguments.of(field, url)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("foreignUrls")
    void aRedirectUrlThatIsNoHttpUrlOnAnAllowedOriginIs400NamingTheFieldAndCreatesNothing(String field, String url) {
        Map<String, Object> body = Checkouts.of(mug, 1);
        body.put(field, url);
        long ordersBefore = orders();
        Map<String, Long> stripeCallsBefore = simulator.apiCallCounts();

        Api.Response response = api.post("/api/payments/create-checkout-session", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("code")).isEqualTo("invalid_request");
        assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo(field);
        assertThat(orders()).isEqualTo(ordersBefore);
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(5, 0);
        assertThat(posts(simulator.apiCallCounts())).isEqualTo(posts(stripeCallsBefore));
    }

    @Test
    void bothFieldsAreNamedWhenBothAreRefused() {
        Map<String, Object> body = Checkouts.of(mug, 1);
        body.put("successUrl", "https://evil.example/thanks");
        body.put("cancelUrl", "javascript:history.back()");

        Api.Response response = api.post("/api/payments/create-checkout-session", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").valueStream().map(e -> e.path("field").asString()))
                .containsExactly("successUrl", "cancelUrl");
    }

    @Test
    void urlsOnAnAllowedOriginKeepStripesSessionIdPlaceholder() throws Exception {
        Map<String, Object> body = Checkouts.of(mug, 1);
        body.put("successUrl", "https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}");
        body.put("cancelUrl", "https://www.shop.example:8443/cart?from={CHECKOUT_SESSION_ID}#checkout");

        Api.Response response = api.post("/api/payments/create-checkout-session", body);

        assertThat(response.status()).isEqualTo(201);
        Session session = stripe().v1().checkout().sessions().retrieve(response.text("sessionId"));
        assertThat(session.getSuccessUrl()).isEqualTo("https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}");
        assertThat(session.getCancelUrl()).isEqualTo("https://www.shop.example:8443/cart?from={CHECKOUT_SESSION_ID}#checkout");
    }

    @Test
    void theServicesOwnOriginIsAlwaysAllowedAndOriginsCompareWithoutCaseOrDefaultPort() throws Exception {
        Map<String, Object> body = Checkouts.of(mug, 1);
        body.put("successUrl", "https://pay.shop.example/elsewhere/done?session_id={CHECKOUT_SESSION_ID}");
        body.put("cancelUrl", "HTTPS://Shop.Example:443/cart");

        Api.Response response = api.post("/api/payments/create-checkout-session", body);

        assertThat(response.status()).isEqualTo(201);
        Session session = stripe().v1().checkout().sessions().retrieve(response.text("sessionId"));
        assertThat(session.getSuccessUrl()).isEqualTo("https://pay.shop.example/elsewhere/done?session_id={CHECKOUT_SESSION_ID}");
        assertThat(session.getCancelUrl()).isEqualTo("HTTPS://Shop.Example:443/cart");
    }

    @Test
    void withoutUrlsTheSessionReturnsToTheServicesOwnPages() throws Exception {
        Api.Response response = api.post("/api/payments/create-checkout-session", Checkouts.of(mug, 1));

        assertThat(response.status()).isEqualTo(201);
        Session session = stripe().v1().checkout().sessions().retrieve(response.text("sessionId"));
        assertThat(session.getSuccessUrl())
                .isEqualTo("https://pay.shop.example/checkstand/checkout/success?session_id={CHECKOUT_SESSION_ID}");
    }

    private StripeClient stripe() {
        return StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl()).build();
    }

    private long orders() {
        return jdbc.sql("select count(*) from orders").query(Long.class).single();
    }

    // The writes the service sent to Stripe; reads of background jobs may come and go meanwhile.
    private static long posts(Map<String, Long> calls) {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith("POST ")).mapToLong(Map.Entry::getValue).sum();
    }
}
