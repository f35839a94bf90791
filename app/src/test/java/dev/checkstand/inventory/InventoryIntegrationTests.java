package dev.checkstand.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import dev.checkstand.checkout.ReservationExpiry;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Race;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@CheckstandIntegrationTest
class InventoryIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Autowired
    ReservationExpiry expiry;

    StripeClient stripe;

    @BeforeEach
    void setUp() {
        stripe = StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl()).build();
    }

    @AfterEach
    void tearDown() {
        simulator.setWebhookDeliveryEnabled(true);
    }

    @Test
    void fiftyConcurrentCheckoutsForTenInStockMakeExactlyTenOrders() throws Exception {
        UUID product = Catalogs.product(jdbc, 1000, 10);

        List<Api.Response> responses = Race.of(50,
                () -> api.post("/api/create-payment-intent", Checkouts.of(product, 1)));

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(10);
        assertThat(responses).filteredOn(r -> r.status() == 409 && "out_of_stock".equals(r.text("code"))).hasSize(40);
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(10, 10);
        assertThat(jdbc.sql("select count(*) from order_items where product_id = :p").param("p", product)
                .query(Long.class).single()).isEqualTo(10);
    }

    @Test
    void expiredHoldCancelsThePaymentIntentAtStripeBeforeReleasingStock() throws Exception {
        var twoMugs = Checkouts.twoMugsToLondon(jdbc);
        Api.Response checkout = api.post("/api/create-payment-intent", twoMugs.body());
        expireHold(checkout);

        expiry.runOnce();

        var pi = stripe.v1().paymentIntents().retrieve(checkout.text("paymentIntentId"));
        assertThat(pi.getStatus()).isEqualTo("canceled");
        assertThat(pi.getCancellationReason()).isEqualTo("abandoned");
        assertThat(orderStatus(checkout)).isEqualTo("canceled");
        assertThat(Catalogs.stock(jdbc, twoMugs.product())).containsExactly(5, 0);
        assertThat(reservation(checkout)).isEqualTo("released");
        assertThat(jdbc.sql("select source from order_timeline where order_id = :id and type = 'canceled'")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(String.class).list()).containsExactly("system");
    }

    @Test
    void paymentThatSucceededAtTheLastMomentIsPaidNotReleased() throws Exception {
        simulator.setWebhookDeliveryEnabled(false);
        var twoMugs = Checkouts.twoMugsToLondon(jdbc);
        Api.Response checkout = api.post("/api/create-payment-intent", twoMugs.body());
        new Browser(simulator.baseUrl(), simulator.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        expireHold(checkout);

        expiry.runOnce();

        assertThat(orderStatus(checkout)).isEqualTo("paid");
        assertThat(Catalogs.stock(jdbc, twoMugs.product())).containsExactly(3, 0);
        assertThat(reservation(checkout)).isEqualTo("committed");
    }

    @Test
    void processingPaymentKeepsItsHoldUntilItSettles() throws Exception {
        var twoMugs = Checkouts.twoMugsToLondon(jdbc);
        Api.Response checkout = api.post("/api/create-payment-intent", twoMugs.body());
        new Browser(simulator.baseUrl(), simulator.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_usBankAccount_processing");
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(jdbc.sql(
                "select payment_status from orders where id = :id").param("id", UUID.fromString(checkout.text("orderId")))
                .query(String.class).single()).isEqualTo("processing"));
        expireHold(checkout);

        expiry.runOnce();

        assertThat(stripe.v1().paymentIntents().retrieve(checkout.text("paymentIntentId")).getStatus()).isEqualTo("processing");
        assertThat(orderStatus(checkout)).isEqualTo("pending_payment");
        assertThat(Catalogs.stock(jdbc, twoMugs.product())).containsExactly(5, 2);
        assertThat(reservation(checkout)).isEqualTo("active");

        simulator.completeAsyncPayment(checkout.text("paymentIntentId"), true);

        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(orderStatus(checkout)).isEqualTo("paid"));
        assertThat(Catalogs.stock(jdbc, twoMugs.product())).containsExactly(3, 0);
    }

    @Test
    void reservationStatusOnlyMovesForward() {
        var oneMug = Checkouts.oneMugToLondon(jdbc);
        Api.Response checkout = api.post("/api/create-payment-intent", oneMug.body());
        api.postWithOrderToken("/api/orders/" + checkout.text("orderId") + "/cancel", "{}",
                checkout.text("orderToken"));

        assertThatThrownBy(() -> jdbc.sql("update reservations set status = 'active' where order_id = :id")
                .param("id", UUID.fromString(checkout.text("orderId"))).update())
                .hasMessageContaining("cannot move from released to active");
        assertThatThrownBy(() -> jdbc.sql("update stock set reserved = on_hand + 1 where product_id = :p")
                .param("p", oneMug.product()).update())
                .hasMessageContaining("stock_reserved_within_on_hand");
    }

    @Test
    void adminManagesProductsAndStock() {
        Api.Response created = api.postAsAdmin("/api/admin/products", Map.of("sku", "CAP-" + UUID.randomUUID(),
                "name", "Cap", "unitAmount", 1800, "currency", "gbp", "onHand", 3));
        assertThat(created.status()).isEqualTo(201);
        UUID product = UUID.fromString(created.text("id"));
        assertThat(created.json().path("available").asInt()).isEqualTo(3);
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 2));
        assertThat(checkout.status()).isEqualTo(201);

        Api.Response below = api.putAsAdmin("/api/admin/products/" + product + "/stock", Map.of("onHand", 1));
        assertThat(below.status()).isEqualTo(409);
        assertThat(below.text("code")).isEqualTo("stock_below_reserved");
        Api.Response raised = api.putAsAdmin("/api/admin/products/" + product + "/stock", Map.of("onHand", 10));
        assertThat(raised.json().path("onHand").asInt()).isEqualTo(10);
        assertThat(raised.json().path("reserved").asInt()).isEqualTo(2);
        assertThat(raised.json().path("available").asInt()).isEqualTo(8);
        assertThat(api.putAsAdmin("/api/admin/products/" + product + "/stock", Map.of("onHand", -1)).status()).isEqualTo(400);

        assertThat(api.deleteAsAdmin("/api/admin/products/" + product).status()).isEqualTo(204);
        assertThat(api.get("/api/products").json().valueStream().map(p -> p.path("id").asString()))
                .doesNotContain(product.toString());
        Api.Response refused = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
        assertThat(refused.status()).isEqualTo(400);
        Api.Response paid = api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")));
        assertThat(paid.status()).isEqualTo(200);
        assertThat(api.getAsAdmin("/api/admin/orders/" + checkout.text("orderId")).json().path("items").get(0)
                .path("unitAmount").asLong()).isEqualTo(1800);
        assertThat(api.deleteAsAdmin("/api/admin/products/" + product).status()).isEqualTo(404);
    }

    private void expireHold(Api.Response checkout) {
        UUID id = UUID.fromString(checkout.text("orderId"));
        jdbc.sql("update orders set reservation_expires_at = now() - interval '1 minute' where id = :id").param("id", id).update();
        jdbc.sql("update reservations set expires_at = now() - interval '1 minute' where order_id = :id").param("id", id).update();
    }

    private String orderStatus(Api.Response checkout) {
        return jdbc.sql("select status from orders where id = :id").param("id", UUID.fromString(checkout.text("orderId")))
                .query(String.class).single();
    }

    private String reservation(Api.Response checkout) {
        return jdbc.sql("select status from reservations where order_id = :id")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(String.class).single();
    }
}
