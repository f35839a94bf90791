package dev.checkstand.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import dev.checkstand.checkout.ReservationExpiry;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A random mix of checkouts, payments, declines, cancellations, expired holds and expired sessions; whatever
 * happened, stock is conserved (invariant 5).
 */
@CheckstandIntegrationTest
class StockConservationIntegrationTests {

    static final int INITIAL = 40;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Autowired
    ReservationExpiry expiry;

    @Test
    void randomLifecyclesConserveStock() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<UUID> products = List.of(Catalogs.product(jdbc, 500, INITIAL), Catalogs.product(jdbc, 800, INITIAL),
                Catalogs.product(jdbc, 1300, INITIAL));
        StripeClient stripe = StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl()).build();
        Browser browser = new Browser(simulator.baseUrl(), simulator.publishableKey());
        List<Api.Response> open = new ArrayList<>();
        for (int step = 0; step < 150; step++) {
            int op = open.isEmpty() ? 0 : random.nextInt(8);
            Api.Response order = open.isEmpty() ? null : open.get(random.nextInt(open.size()));
            switch (op) {
                case 0, 1 -> checkout(random, products, open);
                case 2 -> {
                    if (order.text("paymentIntentId") != null) {
                        quietly(() -> browser.pay(order.text("paymentIntentId"), order.text("clientSecret"), "pm_card_visa"));
                    } else {
                        quietly(() -> simulator.payCheckoutSession(order.text("sessionId"), "pm_card_visa"));
                    }
                }
                case 3 -> {
                    if (order.text("paymentIntentId") != null) {
                        quietly(() -> browser.pay(order.text("paymentIntentId"), order.text("clientSecret"),
                                "pm_card_chargeDeclined"));
                    }
                }
                case 4 -> api.postWithOrderToken("/api/orders/" + order.text("orderId") + "/cancel", "{}",
                        order.text("orderToken"));
                case 5 -> {
                    jdbc.sql("update orders set reservation_expires_at = now() - interval '1 second' where id = :id")
                            .param("id", UUID.fromString(order.text("orderId"))).update();
                    expiry.runOnce();
                }
                case 6 -> {
                    if (order.text("sessionId") != null) {
                        quietly(() -> stripe.v1().checkout().sessions().expire(order.text("sessionId")));
                    }
                }
                default -> api.post("/api/payments/confirm", order.text("paymentIntentId") != null
                        ? Map.of("paymentIntentId", order.text("paymentIntentId"))
                        : Map.of("sessionId", order.text("sessionId")));
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
                "select count(*) from webhook_events where status = 'received'").query(Long.class).single()).isZero());

        for (UUID product : products) {
            int[] stock = Catalogs.stock(jdbc, product);
            long sold = sum("select coalesce(sum(quantity), 0) from reservations where product_id = :p and status = 'committed'", product);
            long active = sum("select coalesce(sum(quantity), 0) from reservations where product_id = :p and status = 'active'", product);
            assertThat(stock[0] + sold).as("on hand + sold for seed %d", seed).isEqualTo(INITIAL);
            assertThat((long) stock[1]).as("reserved = active reservations for seed %d", seed).isEqualTo(active);
        }
        for (UUID product : products) {
            assertThat(sum("""
                    select count(*) from orders o join reservations r on r.order_id = o.id
                     where r.product_id = :p and ((o.status = 'paid' and r.status <> 'committed')
                        or (o.status = 'canceled' and r.status <> 'released')
                        or (o.status = 'pending_payment' and r.status <> 'active'))""", product))
                    .as("reservation follows its order for seed %d", seed).isZero();
        }
    }

    private void checkout(Random random, List<UUID> products, List<Api.Response> open) {
        Map<String, Object> body = Checkouts.of(products.get(random.nextInt(products.size())), 1 + random.nextInt(3));
        String path = random.nextBoolean() ? "/api/create-payment-intent" : "/api/payments/create-checkout-session";
        Api.Response response = api.post(path, body);
        if (response.status() == 201) {
            open.add(response);
        } else {
            assertThat(response.text("code")).isEqualTo("out_of_stock");
        }
    }

    private long sum(String sql, UUID product) {
        return jdbc.sql(sql).param("p", product).query(Long.class).single();
    }

    private static void quietly(StripeCall call) {
        try {
            call.run();
        } catch (StripeException | IllegalStateException | IllegalArgumentException e) {
            // declines, and paying or expiring what is no longer open, are part of the mix
        }
    }

    private interface StripeCall {
        void run() throws StripeException;
    }
}
