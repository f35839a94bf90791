package dev.checkstand.bench;

import static dev.checkstand.bench.report.Report.num;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.PaymentIntentCreateParams;
import dev.checkstand.bench.data.SeedIds;
import dev.checkstand.bench.data.Seeder;
import dev.checkstand.bench.report.LineChart;
import dev.checkstand.bench.report.Report;
import dev.checkstand.bench.report.Report.Verdict;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recovery of paid orders whose webhooks were all lost, with Stripe limited to 100 requests/s: orders are checked
 * out and paid with webhook delivery off, then {@code POST /api/admin/sync-orders} runs the events catch-up. The
 * per-order re-read ({@code POST /api/admin/orders/{id}/sync}) on a sample is the reference. Runs on its own service,
 * database and simulator, so nothing from the other figures is in Stripe's event log or the service's backlog.
 */
final class RecoveryBenchmark {

    private static final int RATE_LIMIT = 100;
    private static final Duration LIMIT = Duration.ofSeconds(240);

    private final Bench bench;
    private final Deployment deployment;

    RecoveryBenchmark(Bench bench, Deployment deployment) {
        this.bench = bench;
        this.deployment = deployment;
    }

    private record Progress(double seconds, long paid) {
    }

    void run() throws Exception {
        Report report = bench.report();
        String section = "Recovery of paid orders with every webhook lost";
        deployment.stripe.setWebhookDeliveryEnabled(false);
        Storefront.Answer probe = deployment.storefront.post("/api/admin/sync-orders", "{}", true);
        if (probe.status() == 404 || probe.status() == 405) {
            bench.log("recovery: POST /api/admin/sync-orders answered " + probe.status() + ": not available");
            report.target("Recovery of 10,000 paid orders, webhooks lost, 100 req/s", "≤ 60 s, ≤ 0.02 calls/order",
                    "not available in this build", Verdict.NOT_MEASURED, section);
            report.section(section).append("""
                    `POST /api/admin/sync-orders` answered %d: the events catch-up is not in this build, so this figure \
                    is not measured. The harness is ready for it: it checks out and pays %s orders with webhook \
                    delivery off, limits the simulator to %d requests/s, calls the endpoint until every order is paid \
                    (or %d s pass) and counts the Stripe calls made meanwhile.

                    """.formatted(probe.status(), num(bench.options().scaled(10_000, 1_000)), RATE_LIMIT, LIMIT.toSeconds()));
            return;
        }
        int orders = bench.options().scaled(10_000, 1_000);
        int sample = bench.options().scaled(100, 30);
        List<UUID> products = deployment.createProducts(2);
        bench.log("recovery: " + (orders + sample) + " orders paid at Stripe with webhooks off");
        long setupStart = System.nanoTime();
        List<String> all = paidAtStripeOnly(orders + sample, products);
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        List<String> sampled = all.subList(0, sample);
        List<String> recovered = all.subList(sample, all.size());
        long paidBefore = paid(recovered);

        deployment.stripe.faults().rateLimit(RATE_LIMIT);
        try {
            bench.log("recovery: per-order sync of " + sample + " orders (reference)");
            Map<String, Long> before = deployment.stripe.apiCallCounts();
            long start = System.nanoTime();
            for (String orderId : sampled) {
                Storefront.Answer synced = deployment.storefront.post("/api/admin/orders/" + orderId + "/sync", "{}", true);
                if (synced.status() != 200) {
                    throw new IllegalStateException("per-order sync failed: " + synced.status() + " " + synced.body());
                }
            }
            double perOrderSeconds = (System.nanoTime() - start) / 1e9 / sample;
            Map<String, Long> perOrderCalls = CallsPerCheckout.delta(before, deployment.stripe.apiCallCounts());
            long samplePaid = paid(sampled);
            long referenceCalls = perOrderCalls.values().stream().mapToLong(Long::longValue).sum();

            bench.log("recovery: sync-orders for " + orders + " orders at " + RATE_LIMIT + " req/s");
            ServiceProcess.sleep(1500);
            before = deployment.stripe.apiCallCounts();
            Machine.Window window = bench.machine().begin();
            List<Progress> progress = Collections.synchronizedList(new ArrayList<>());
            List<String> answers = new ArrayList<>();
            start = System.nanoTime();
            long deadline = start + LIMIT.toNanos();
            progress.add(new Progress(0, paidBefore));
            Storefront.Answer answer = deployment.storefront.post("/api/admin/sync-orders", "{}", true);
            double answeredAfter = (System.nanoTime() - start) / 1e9;
            answers.add(answer.status() + " " + answer.body());
            long paidNow = paid(recovered);
            progress.add(new Progress(answeredAfter, paidNow));
            while (paidNow < recovered.size() && System.nanoTime() < deadline) {
                ServiceProcess.sleep(250);
                paidNow = paid(recovered);
                progress.add(new Progress((System.nanoTime() - start) / 1e9, paidNow));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Machine.Conditions conditions = window.end();
            Map<String, Long> calls = CallsPerCheckout.delta(before, deployment.stripe.apiCallCounts());
            long totalCalls = calls.values().stream().mapToLong(Long::longValue).sum();
            boolean allPaid = paidNow == recovered.size();
            double perOrder = totalCalls / (double) recovered.size();
            report.target("Recovery of " + num(orders) + " paid orders, webhooks lost, 100 req/s",
                    "≤ 60 s, ≤ 0.02 calls/order", (allPaid ? num(seconds) + " s" : paidNow + " of " + recovered.size()
                            + " paid after " + num(seconds) + " s") + ", " + num(perOrder) + " calls/order",
                    Verdict.of(allPaid && seconds <= 60 && perOrder <= 0.02), section);
            StringBuilder s = report.section(section);
            s.append("""
                    On a service, database and simulator of its own, with webhook delivery off: %s orders as a \
                    checkout leaves them (seeded in SQL, as in the webhook figures), each with a PaymentIntent \
                    created and confirmed at Stripe with the service's metadata, so Stripe holds every \
                    `payment_intent.succeeded` and the service none (setup took %s s; %d were paid before recovery \
                    began). The service's own Stripe limiter is set as for a live key \
                    (`CHECKSTAND_STRIPE_RATE_LIMIT=90`), the simulator is limited to %d requests/s (429 above it, \
                    counted as calls), and `POST /api/admin/sync-orders` is \
                    called once (it answered after %s s). The clock runs until every order shows paid in the \
                    database — the pass stores the missed events in the inbox, whose processing pays the orders — \
                    and every Stripe request the service makes meanwhile, from any job, is counted.

                    | | orders | seconds | Stripe calls | calls per order | calls by endpoint |
                    |---|---|---|---|---|---|
                    | **events catch-up** (`sync-orders`) | %d | **%s** | %d | **%s** | %s |
                    | reference: per-order sync (`/api/admin/orders/{id}/sync`), one at a time | %d | %s per order; for %d at most 90 calls/s: ≥ %s | %d | %s | %s |

                    All paid: %s (%d of %d). Conditions: %s. The answer of `sync-orders`: `%s`.

                    """.formatted(num(orders + sample), num(setupSeconds), paidBefore, RATE_LIMIT, num(answeredAfter),
                    recovered.size(), num(seconds), totalCalls, num(perOrder), CallsPerCheckout.endpoints(calls), sample,
                    num(perOrderSeconds) + " s",
                    orders, num(Math.max(perOrderSeconds * orders, referenceCalls / (double) sample * orders / 90)) + " s",
                    referenceCalls, num(referenceCalls / (double) sample),
                    CallsPerCheckout.endpoints(perOrderCalls) + (samplePaid == sample ? "" : " (" + samplePaid + " paid)"),
                    allPaid, paidNow,
                    recovered.size(), conditions.describe(), answers.get(0)));
            s.append(report.image("recovery", "Paid orders recovered over time",
                    new LineChart("Orders shown paid during the events catch-up", "seconds", "paid orders")
                            .line("paid", progress.stream().mapToDouble(Progress::seconds).toArray(),
                                    progress.stream().mapToDouble(p -> p.paid()).toArray())
                            .reference("all " + num(orders), orders)));
        } finally {
            deployment.stripe.faults().rateLimit(0);
        }
    }

    /**
     * Orders as a checkout leaves them (seeded in SQL: order, item, active reservation, attempt), each with a
     * PaymentIntent created and confirmed at Stripe with the service's metadata — so Stripe holds a succeeded payment
     * and its {@code payment_intent.succeeded} event for every order, and the service has heard of none. The
     * customer's path through checkout and Stripe.js is measured in the checkout and confirm figures; here it would
     * only take minutes of CPU.
     */
    private List<String> paidAtStripeOnly(int n, List<UUID> products) throws Exception {
        StripeClient stripe = StripeClient.builder().setApiKey(deployment.stripe.secretKey())
                .setApiBase(deployment.stripe.baseUrl()).build();
        String[] paymentIntents = new String[n];
        AtomicInteger index = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = index.getAndIncrement(); i < n && failures.isEmpty(); i = index.getAndIncrement()) {
                    long g = i + 1;
                    try {
                        paymentIntents[i] = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                                .setAmount(Seeder.TOTAL)
                                .setCurrency("gbp")
                                .setPaymentMethod("pm_card_visa")
                                .setConfirm(true)
                                .putMetadata("order_id", SeedIds.orderId(g).toString())
                                .putMetadata("attempt_id", SeedIds.attemptId(g).toString())
                                .build()).getId();
                    } catch (StripeException e) {
                        failures.add(e);
                    }
                }
            }, "recovery-setup-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("could not create the PaymentIntents", failures.get(0));
        }
        try (Connection c = deployment.connect()) {
            Seeder.pendingOrders(c, 1, n, products);
            Seeder.linkPaymentIntents(c, 1, List.of(paymentIntents));
        }
        List<String> orderIds = new ArrayList<>();
        for (long g = 1; g <= n; g++) {
            orderIds.add(SeedIds.orderId(g).toString());
        }
        return orderIds;
    }

    // On the harness's kept connection: this polls every 250 ms during the recovery it measures.
    private long paid(List<String> orderIds) {
        return deployment.queryLong("select count(*) from orders where status = 'paid' and id = any(cast(? as uuid[]))",
                (Object) orderIds.toArray(String[]::new));
    }
}
