package dev.checkstand.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.model.PaymentIntent;
import dev.checkstand.simulator.StripeSimulator;
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
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pays many orders while, for each, confirm calls and repeated deliveries of its succeeded event race each other
 * across one or more service instances; then checks that every order was paid exactly once.
 */
public final class PaymentStorm {

    private final List<Api> instances;
    private final StripeSimulator simulator;
    private final JdbcClient jdbc;

    public PaymentStorm(List<Api> instances, StripeSimulator simulator, JdbcClient jdbc) {
        this.instances = List.copyOf(instances);
        this.simulator = simulator;
        this.jdbc = jdbc;
    }

    /** Runs the storm and asserts the outcome; returns the order ids. */
    public List<UUID> run(int orders, int confirmsEach, int deliveriesEach) throws Exception {
        UUID product = Catalogs.product(jdbc, 700, orders);
        simulator.setWebhookDeliveryEnabled(false);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Api.Response> checkouts = all(pool, orders, i -> {
                Api.Response r = instances.get(i % instances.size())
                        .post("/api/create-payment-intent", Checkouts.of(product, 1));
                assertThat(r.status()).isEqualTo(201);
                return r;
            });
            Browser browser = new Browser(simulator.baseUrl(), simulator.publishableKey());
            List<String> events = all(pool, orders, i -> {
                Api.Response c = checkouts.get(i);
                PaymentIntent paid = browser.pay(c.text("paymentIntentId"), c.text("clientSecret"), "pm_card_visa");
                return StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded", paid.getLastResponse().body());
            });
            List<Runnable> calls = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int i = 0; i < orders; i++) {
                String pi = checkouts.get(i).text("paymentIntentId");
                String event = events.get(i);
                for (int k = 0; k < confirmsEach; k++) {
                    calls.add(() -> {
                        Api.Response confirm = instance(next).post("/api/payments/confirm", Map.of("paymentIntentId", pi));
                        assertThat(confirm.status()).isEqualTo(200);
                        assertThat(confirm.json().path("success").asBoolean()).isTrue();
                    });
                }
                for (int k = 0; k < deliveriesEach; k++) {
                    calls.add(() -> assertThat(StripeEvents.deliver(instance(next), event, simulator.webhookSecret()).status())
                            .isEqualTo(200));
                }
            }
            Collections.shuffle(calls);
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable call : calls) {
                futures.add(pool.submit(call));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            List<UUID> orderIds = checkouts.stream().map(c -> UUID.fromString(c.text("orderId"))).toList();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(count("select count(*) from orders where id in (:ids) and status = 'paid'", orderIds))
                            .isEqualTo(orders));
            // This storm's own events: another test on the same database may have left one of its own waiting.
            String[] paymentIntents = checkouts.stream().map(c -> c.text("paymentIntentId")).toArray(String[]::new);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql(
                            "select count(*) from webhook_events where status = 'received' and object_id = any(:pis)")
                    .param("pis", paymentIntents).query(Long.class).single()).isZero());
            assertThat(count("select count(*) from payment_attempts where order_id in (:ids) and status = 'succeeded'", orderIds))
                    .isEqualTo(orders);
            assertThat(count("select count(*) from order_timeline where order_id in (:ids) and type = 'paid'", orderIds))
                    .isEqualTo(orders);
            assertThat(count("select count(distinct order_id) from order_timeline where order_id in (:ids) and type = 'paid'", orderIds))
                    .isEqualTo(orders);
            assertThat(Catalogs.stock(jdbc, product)).containsExactly(0, 0);
            return orderIds;
        } finally {
            pool.shutdownNow();
            simulator.setWebhookDeliveryEnabled(true);
        }
    }

    private Api instance(AtomicInteger next) {
        return instances.get(Math.floorMod(next.getAndIncrement(), instances.size()));
    }

    private long count(String sql, List<UUID> ids) {
        return jdbc.sql(sql).param("ids", ids).query(Long.class).single();
    }

    private static <T> List<T> all(ExecutorService pool, int n, IndexedCall<T> call) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(pool.submit(() -> call.call(index)));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    private interface IndexedCall<T> {
        T call(int index) throws Exception;
    }
}
