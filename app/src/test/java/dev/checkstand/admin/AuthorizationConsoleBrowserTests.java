package dev.checkstand.admin;

import static dev.checkstand.support.Axe.assertNoViolations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.AuthorizedOrders;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Chromium;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The console's authorization forms in a real browser, with capture on fulfillment: an admin finds the authorized
 * orders, sees what one holds and when it lapses, is refused an amount above it, captures part of it — the rest
 * released — and releases another order's authorization, which cancels it. A capture that comes too late is refused
 * beside the forms. Writes README's screenshots of the authorized and the captured order.
 */
@CheckstandIntegrationTest
@TestPropertySource(properties = {"checkstand.capture.mode=on_fulfillment", "checkstand.capture.interval=500ms"})
class AuthorizationConsoleBrowserTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator stripe;

    @RegisterExtension
    final Chromium chromium = Chromium.perTest();

    @Test
    void anAdminCapturesPartOfOneAuthorizedOrderAndReleasesAnother() throws Exception {
        UUID product = Catalogs.product(jdbc, 1250, 20);
        Api.Response first = AuthorizedOrders.place(api, stripe, product, 2);
        Api.Response second = AuthorizedOrders.place(api, stripe, product, 1);
        assertThat(api.getAsAdmin("/api/admin/orders?paymentStatus=authorized&q=" + first.text("orderNumber")).json()
                .path("total").asLong()).isEqualTo(1);

        AdminOrderConsolePage page = AdminOrderConsolePage.signIn(chromium, api).filterByPayment("authorized");
        assertThat(page.listed()).contains(first.text("orderNumber"), second.text("orderNumber"));
        String lapse = lapse(first);
        page.open(first.text("orderNumber"));

        assertThat(page.paymentStatus()).isEqualTo("authorized");
        assertThat(page.authorization("authorized")).isEqualTo("£29.99");
        assertThat(page.authorization("captureBefore")).isEqualTo(lapse);
        assertNoViolations(page.driver(), "an authorized order's page");
        chromium.screenshot("admin-order-authorized");
        page.capture("30.00");
        assertThat(page.refusal("at most")).contains("£29.99, the amount authorized");
        page.capture("1.234");
        page.refusal("not an amount in GBP");
        assertThat(admin(first).path("paymentStatus").asString()).isEqualTo("authorized");

        page.capture("20.00");

        assertThat(page.outcome("Captured")).isEqualTo("Captured £20.00; the other £9.99 is released.");
        assertThat(page.paymentStatus()).isEqualTo("paid");
        assertThat(page.authorization("captured")).startsWith("£20.00 on ");
        assertThat(page.authorization("released")).isEqualTo("£9.99");
        assertThat(page.offersCapture()).isFalse();
        assertThat(page.offersRelease()).isFalse();
        assertNoViolations(page.driver(), "a captured order's page");
        chromium.screenshot("admin-order-captured");
        JsonNode captured = admin(first);
        assertThat(captured.path("amountPaid").asLong()).isEqualTo(2000);
        assertThat(captured.path("payments").get(0).path("amountReceived").asLong()).isEqualTo(2000);

        chromium.open(api.url("/admin/orders/") + second.text("orderId"));
        page.release();

        assertThat(page.outcome("released")).contains("order canceled", "nothing was charged");
        assertThat(page.authorization("released")).startsWith("All of it (admin) on ").endsWith("nothing was charged");
        assertThat(page.offersCapture()).isFalse();
        JsonNode released = admin(second);
        assertThat(released.path("status").asString()).isEqualTo("canceled");
        assertThat(released.path("payments").get(0).path("status").asString()).isEqualTo("canceled");
        assertThat(Catalogs.stock(jdbc, product)).as("the two captured are sold, the released one is back")
                .containsExactly(18, 0);
    }

    @Test
    void aCaptureOfAnAuthorizationReleasedMeanwhileIsRefusedBesideTheForms() throws Exception {
        UUID product = Catalogs.product(jdbc, 1000, 5);
        Api.Response order = AuthorizedOrders.place(api, stripe, product, 1);
        AdminOrderConsolePage page = AdminOrderConsolePage.signIn(chromium, api);
        chromium.open(api.url("/admin/orders/") + order.text("orderId"));
        assertThat(page.offersCapture()).isTrue();
        assertThat(api.postAsAdmin("/api/admin/orders/" + order.text("orderId") + "/release", Map.of()).status())
                .isEqualTo(200);

        page.capture("");

        assertThat(page.refusal("No authorization to capture or release")).contains("released already");
        assertThat(page.offersCapture()).isFalse();
        assertThat(admin(order).path("status").asString()).isEqualTo("canceled");
        assertThat(admin(order).path("amountPaid").asLong()).isZero();
    }

    private JsonNode admin(Api.Response order) {
        return api.getAsAdmin("/api/admin/orders/" + order.text("orderId")).json();
    }

    // When the order's authorization lapses, as the console writes times: from the admin order's payment, once the
    // service learnt it from Stripe.
    private String lapse(Api.Response order) {
        JsonNode before = await().atMost(Duration.ofSeconds(20)).until(
                () -> admin(order).path("payments").get(0).path("captureBefore"), node -> !node.isNull());
        return Instant.parse(before.asString()).truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ')
                .replace("Z", " UTC");
    }
}
