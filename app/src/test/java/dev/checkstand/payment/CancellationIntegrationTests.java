package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@CheckstandIntegrationTest
class CancellationIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    StripeClient stripe;
    Browser browser;

    @BeforeEach
    void setUp() {
        stripe = StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl()).build();
        browser = new Browser(simulator.baseUrl(), simulator.publishableKey());
    }

    @Test
    void customerCancelCancelsThePaymentIntentFirstThenReleasesStock() throws Exception {
        var twoMugs = Checkouts.twoMugsToLondon(jdbc);
        Api.Response checkout = api.post("/api/create-payment-intent", twoMugs.body());

        Api.Response canceled = cancelAsCustomer(checkout);

        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(stripe.v1().paymentIntents().retrieve(checkout.text("paymentIntentId")).getStatus()).isEqualTo("canceled");
        assertThat(Catalogs.stock(jdbc, twoMugs.product())).containsExactly(5, 0);
        assertThat(timeline(checkout)).containsOnlyOnce("canceled");
        assertThat(cancelAsCustomer(checkout).status()).isEqualTo(200);
        assertThat(timeline(checkout)).containsOnlyOnce("canceled");
        assertThat(Catalogs.stock(jdbc, twoMugs.product())).containsExactly(5, 0);
    }

    @Test
    void paidOrderIsNotCancelable() throws Exception {
        var oneMug = Checkouts.oneMugToLondon(jdbc);
        Api.Response checkout = api.post("/api/create-payment-intent", oneMug.body());
        browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");

        Api.Response response = cancelAsCustomer(checkout);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.text("code")).isEqualTo("order_not_cancelable");
        assertThat(orderStatus(checkout)).isEqualTo("paid");
        assertThat(Catalogs.stock(jdbc, oneMug.product())).containsExactly(4, 0);
    }

    @Test
    void adminCancelIsRecordedAsAdmin() {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.oneMugToLondon(jdbc).body());

        assertThat(api.post("/api/admin/orders/" + checkout.text("orderId") + "/cancel", "{}").status()).isEqualTo(401);
        Api.Response canceled = api.postAsAdmin("/api/admin/orders/" + checkout.text("orderId") + "/cancel", "{}");

        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(canceled.json().path("timeline").valueStream()
                .filter(e -> "canceled".equals(e.path("type").asString()))
                .map(e -> e.path("source").asString())).containsExactly("admin");
    }

    @Test
    void cancelRacingPaymentEndsInExactlyOneOutcome() throws Exception {
        int orders = 20;
        UUID product = Catalogs.product(jdbc, 1000, orders);
        List<Api.Response> checkouts = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            checkouts.add(api.post("/api/create-payment-intent", Checkouts.of(product, 1)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> payments = new ArrayList<>();
            List<Future<Api.Response>> cancels = new ArrayList<>();
            for (Api.Response checkout : checkouts) {
                CountDownLatch start = new CountDownLatch(1);
                payments.add(pool.submit(() -> {
                    start.await();
                    try {
                        browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
                        return true;
                    } catch (InvalidRequestException e) {
                        return false;
                    }
                }));
                cancels.add(pool.submit(() -> {
                    start.await();
                    return cancelAsCustomer(checkout);
                }));
                start.countDown();
            }
            int paid = 0;
            for (int i = 0; i < orders; i++) {
                boolean paymentWon = payments.get(i).get();
                Api.Response cancel = cancels.get(i).get();
                String stripeStatus = stripe.v1().paymentIntents().retrieve(checkouts.get(i).text("paymentIntentId")).getStatus();
                if (paymentWon) {
                    paid++;
                    assertThat(stripeStatus).isEqualTo("succeeded");
                    assertThat(cancel.status()).isEqualTo(409);
                    assertThat(cancel.text("code")).isEqualTo("order_not_cancelable");
                    assertThat(orderStatus(checkouts.get(i))).isEqualTo("paid");
                } else {
                    assertThat(stripeStatus).isEqualTo("canceled");
                    assertThat(cancel.status()).isEqualTo(200);
                    assertThat(orderStatus(checkouts.get(i))).isEqualTo("canceled");
                }
            }
            int expectedPaid = paid;
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(jdbc.sql(
                    "select count(*) from orders o join order_items i on i.order_id = o.id where i.product_id = :p and o.status = 'paid'")
                    .param("p", product).query(Long.class).single()).isEqualTo(expectedPaid));
            assertThat(Catalogs.stock(jdbc, product)).containsExactly(orders - expectedPaid, 0);
        } finally {
            pool.shutdownNow();
        }
    }

    private String orderStatus(Api.Response checkout) {
        return jdbc.sql("select status from orders where id = :id").param("id", UUID.fromString(checkout.text("orderId")))
                .query(String.class).single();
    }

    private Api.Response cancelAsCustomer(Api.Response checkout) {
        return api.postWithOrderToken("/api/orders/" + checkout.text("orderId") + "/cancel", "{}", checkout.text("orderToken"));
    }

    private List<String> timeline(Api.Response checkout) {
        return jdbc.sql("select type from order_timeline where order_id = :id order by id")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(String.class).list();
    }
}
