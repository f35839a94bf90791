package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.simulator.printful.PrintfulSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import dev.checkstand.support.StripeEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two instances on one database, Stripe and Printful, capturing on fulfillment: every order is placed once on its
 * authorization though confirm calls and repeated authorization events race on both instances, and captured once
 * though Printful's production, admins' capture calls on both instances, confirm calls and stale events race.
 */
class CaptureOnFulfillmentMultiInstanceTests {

    private static final int ORDERS = 30;
    private static final String SECRET = "capture-multi-webhook-secret-0123456789";

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("capture-multi");

    static PrintfulSimulator printful;

    @BeforeAll
    static void startPrintful() {
        printful = PrintfulSimulator.builder().port(0).start();
        printful.faults().rateLimit(0);
    }

    @AfterAll
    static void stopPrintful() {
        printful.close();
    }

    @Test
    void everyOrderIsPlacedOnceOnItsAuthorizationAndCapturedOnceAcrossTwoInstances() throws Exception {
        ServiceInstance a = instances.start(arguments());
        ServiceInstance b = instances.start(arguments());
        List<Api> apis = List.of(a.api(), b.api());
        StripeSimulator stripe = instances.simulator();
        JdbcClient jdbc = instances.jdbc();
        UUID product = Catalogs.product(jdbc, 1200, ORDERS, Catalogs.MUG_VARIANT);
        stripe.setWebhookDeliveryEnabled(false);
        ExecutorService pool = Executors.newFixedThreadPool(24);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Api.Response> checkouts = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                Api.Response checkout = apis.get(i % 2).post("/api/create-payment-intent", Checkouts.of(product, 1));
                assertThat(checkout.status()).isEqualTo(201);
                checkouts.add(checkout);
            }
            Browser browser = new Browser(stripe.baseUrl(), stripe.publishableKey());
            List<String> authorizations = new ArrayList<>();
            for (Api.Response checkout : checkouts) {
                PaymentIntent authorized = browser.pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"),
                        "pm_card_visa");
                assertThat(authorized.getStatus()).isEqualTo("requires_capture");
                authorizations.add(StripeEvents.event(StripeEvents.newEventId(),
                        "payment_intent.amount_capturable_updated", authorized.getLastResponse().body()));
            }

            List<Runnable> placing = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                String pi = checkouts.get(i).text("paymentIntentId");
                String event = authorizations.get(i);
                for (int k = 0; k < 3; k++) {
                    placing.add(() -> assertThat(next(apis, next).post("/api/payments/confirm",
                            Map.of("paymentIntentId", pi)).json().path("paymentStatus").asString()).isEqualTo("authorized"));
                    placing.add(() -> assertThat(StripeEvents.deliver(next(apis, next), event, stripe.webhookSecret())
                            .status()).isEqualTo(200));
                }
            }
            runShuffled(pool, placing);
            List<UUID> ids = checkouts.stream().map(c -> UUID.fromString(c.text("orderId"))).toList();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(count(jdbc,
                    "select count(*) from orders where id in (:ids) and payment_status = 'authorized'", ids))
                    .isEqualTo(ORDERS));
            assertThat(count(jdbc, "select count(*) from order_timeline where order_id in (:ids) and type = 'authorized'",
                    ids)).isEqualTo(ORDERS);
            assertThat(count(jdbc, "select count(*) from payment_attempts where order_id in (:ids) and status = 'authorized'",
                    ids)).isEqualTo(ORDERS);
            assertThat(Catalogs.stock(jdbc, product)).containsExactly(0, 0);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(count(jdbc,
                    "select count(*) from orders where id in (:ids) and fulfillment_status = 'submitted'", ids))
                    .isEqualTo(ORDERS));

            List<Runnable> capturing = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                Api.Response checkout = checkouts.get(i);
                String pi = checkout.text("paymentIntentId");
                String event = authorizations.get(i);
                capturing.add(() -> printful.startProduction("@" + checkout.text("orderNumber")));
                for (Api api : apis) {
                    capturing.add(() -> assertThat(api.postAsAdmin("/api/admin/orders/" + checkout.text("orderId")
                            + "/capture", Map.of()).status()).isIn(200, 409));
                    capturing.add(() -> assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", pi))
                            .status()).isEqualTo(200));
                    capturing.add(() -> assertThat(StripeEvents.deliver(api, event, stripe.webhookSecret()).status())
                            .isEqualTo(200));
                }
            }
            runShuffled(pool, capturing);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(count(jdbc,
                    "select count(*) from orders where id in (:ids) and payment_status = 'paid'", ids))
                    .isEqualTo(ORDERS));

            // Stripe's events of the capture, late and twice, on both instances; then the authorizations once more.
            StripeClient client = StripeClient.builder().setApiKey(stripe.secretKey()).setApiBase(stripe.baseUrl())
                    .build();
            List<Runnable> stale = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                PaymentIntent captured = client.v1().paymentIntents().retrieve(checkouts.get(i).text("paymentIntentId"));
                assertThat(captured.getStatus()).isEqualTo("succeeded");
                assertThat(captured.getAmountReceived()).isEqualTo(captured.getAmount());
                String succeeded = StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded",
                        captured.getLastResponse().body());
                String authorization = authorizations.get(i);
                for (Api api : apis) {
                    stale.add(() -> assertThat(StripeEvents.deliver(api, succeeded, stripe.webhookSecret()).status())
                            .isEqualTo(200));
                    stale.add(() -> assertThat(StripeEvents.deliver(api, authorization, stripe.webhookSecret())
                            .status()).isEqualTo(200));
                }
            }
            runShuffled(pool, stale);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql(
                    "select count(*) from webhook_events where status = 'received'").query(Long.class).single()).isZero());

            assertThat(count(jdbc, "select count(*) from order_timeline where order_id in (:ids) and type = 'paid'", ids))
                    .isEqualTo(ORDERS);
            assertThat(count(jdbc, "select count(*) from order_timeline where order_id in (:ids) and type = 'authorized'",
                    ids)).isEqualTo(ORDERS);
            assertThat(count(jdbc, "select count(*) from order_timeline where order_id in (:ids)"
                    + " and type in ('authorization_released', 'canceled', 'flagged')", ids)).isZero();
            assertThat(count(jdbc, "select count(*) from payment_attempts where order_id in (:ids) and status = 'succeeded'"
                    + " and amount_received = amount", ids)).isEqualTo(ORDERS);
            assertThat(count(jdbc, "select count(*) from orders where id in (:ids) and status = 'paid'"
                    + " and amount_paid = total and amount_authorized = total", ids)).isEqualTo(ORDERS);
            assertThat(jdbc.sql("select count(*) from webhook_events where status = 'failed'").query(Long.class).single())
                    .isZero();
        } finally {
            pool.shutdownNow();
            stripe.setWebhookDeliveryEnabled(true);
        }
    }

    private static String[] arguments() {
        List<String> arguments = new ArrayList<>(List.of(ServiceInstance.printful(printful, SECRET)));
        arguments.addAll(List.of("--checkstand.capture.mode=on_fulfillment", "--checkstand.capture.interval=500ms",
                "--checkstand.fulfillment.calls-per-minute=0", "--checkstand.fulfillment.poll-interval=300ms",
                "--checkstand.fulfillment.retry-base=200ms"));
        return arguments.toArray(String[]::new);
    }

    private static Api next(List<Api> apis, AtomicInteger next) {
        return apis.get(Math.floorMod(next.getAndIncrement(), apis.size()));
    }

    private static long count(JdbcClient jdbc, String sql, List<UUID> ids) {
        return jdbc.sql(sql).param("ids", ids).query(Long.class).single();
    }

    private static void runShuffled(ExecutorService pool, List<Runnable> calls) throws Exception {
        List<Runnable> shuffled = new ArrayList<>(calls);
        Collections.shuffle(shuffled);
        List<Future<?>> futures = new ArrayList<>();
        for (Runnable call : shuffled) {
            futures.add(pool.submit(call));
        }
        for (Future<?> future : futures) {
            future.get();
        }
    }
}
