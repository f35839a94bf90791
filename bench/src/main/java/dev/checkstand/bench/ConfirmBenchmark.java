package dev.checkstand.bench;

import static dev.checkstand.bench.report.Report.ms;
import static dev.checkstand.bench.report.Report.num;

import dev.checkstand.bench.load.Latencies;
import dev.checkstand.bench.report.LineChart;
import dev.checkstand.bench.report.Report;
import dev.checkstand.bench.report.Report.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Payment success to order shown paid, through the browser's confirm call alone (webhook delivery off): the clock
 * starts when the browser's confirm at Stripe has answered {@code succeeded}, and stops when
 * {@code GET /api/orders/by-payment-intent/{id}} shows the order paid after {@code POST /api/payments/confirm}.
 */
final class ConfirmBenchmark {

    private final Bench bench;
    private final Deployment deployment;
    private final List<UUID> products;
    private final Browser browser;
    private final AtomicInteger next = new AtomicInteger();

    record Series(String label, Latencies latencies, int notPaid, Machine.Conditions conditions, double seconds) {
    }

    ConfirmBenchmark(Bench bench, Deployment deployment, List<UUID> products) {
        this.bench = bench;
        this.deployment = deployment;
        this.products = products;
        this.browser = new Browser(deployment.stripe.baseUrl(), deployment.stripe.publishableKey());
    }

    void run() throws InterruptedException {
        deployment.stripe.setWebhookDeliveryEnabled(false);
        try {
            bench.log("confirm: warm-up");
            measure("warm-up", 4, bench.options().scaled(200, 40));
            bench.log("confirm: 1 customer at a time");
            Series sequential = measure("1 customer at a time", 1, bench.options().scaled(400, 60));
            bench.log("confirm: 8 customers at once");
            Series concurrent = measure("8 customers at once", 8, bench.options().scaled(800, 120));
            write(List.of(sequential, concurrent));
        } finally {
            deployment.stripe.setWebhookDeliveryEnabled(true);
        }
    }

    private Series measure(String label, int customers, int payments) throws InterruptedException {
        long[] nanos = new long[payments];
        AtomicInteger index = new AtomicInteger();
        AtomicInteger notPaid = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        Machine.Window window = bench.machine().begin();
        long start = System.nanoTime();
        for (int t = 0; t < customers; t++) {
            Thread thread = new Thread(() -> {
                for (int i = index.getAndIncrement(); i < payments; i = index.getAndIncrement()) {
                    int k = next.getAndIncrement();
                    Storefront.Checkout checkout = deployment.storefront.createCheckout(
                            "bench-confirm-" + String.format("%08d", k), products.get(k % products.size()));
                    String status = browser.pay(checkout.paymentIntentId(), checkout.clientSecret());
                    if (!"succeeded".equals(status)) {
                        throw new IllegalStateException("payment ended " + status);
                    }
                    long paidAtStripe = System.nanoTime();
                    Storefront.Answer confirmed = deployment.storefront.confirm(checkout.paymentIntentId());
                    Storefront.Answer order = deployment.storefront.orderByPaymentIntent(checkout.paymentIntentId());
                    nanos[i] = System.nanoTime() - paidAtStripe;
                    if (confirmed.status() != 200 || !"paid".equals(order.text("paymentStatus"))) {
                        notPaid.incrementAndGet();
                    }
                }
            }, "customer-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Series(label, Latencies.of(nanos, payments), notPaid.get(), window.end(), seconds);
    }

    private void write(List<Series> series) {
        Report report = bench.report();
        String section = "Payment success to order shown paid (confirm, no webhooks)";
        double worstP99 = series.stream().mapToDouble(s -> s.latencies().p99()).max().orElse(Double.NaN);
        int notPaid = series.stream().mapToInt(Series::notPaid).sum();
        report.target("Paid → order shown paid via confirm, p99", "≤ 500 ms", series.stream()
                .map(s -> ms(s.latencies().p99()) + " (" + s.label() + ")").toList().toString().replaceAll("[\\[\\]]", ""),
                Verdict.of(worstP99 <= 500 && notPaid == 0), section);
        StringBuilder s = report.section(section);
        s.append("""
                Webhook delivery is switched off at the simulator, so only the browser's confirm call can pay the \
                order. Each customer creates a checkout, pays it as Stripe.js does (publishable key, client secret, \
                `pm_card_visa`); the clock starts when Stripe has answered `succeeded` and stops when \
                `POST /api/payments/confirm` has answered and `GET /api/orders/by-payment-intent/{id}` shows \
                `paymentStatus: paid`. Both calls use the JDK's HTTP client, as a storefront back end would.

                | customers | payments | p50 | p90 | p99 | max | not shown paid | conditions |
                |---|---|---|---|---|---|---|---|
                """);
        LineChart chart = LatencyCharts.percentiles("Payment success → order shown paid (confirm path)");
        for (Series x : series) {
            s.append("| ").append(x.label()).append(" | ").append(x.latencies().count()).append(" | ")
                    .append(ms(x.latencies().p50())).append(" | ").append(ms(x.latencies().percentileMillis(90)))
                    .append(" | ").append(ms(x.latencies().p99())).append(" | ").append(ms(x.latencies().maxMillis()))
                    .append(" | ").append(x.notPaid()).append(" | ").append(x.conditions().describe())
                    .append(x.conditions().busy() ? " **busy**" : "").append(" |\n");
            LatencyCharts.add(chart, x.label(), x.latencies());
        }
        chart.reference("target p99 500 ms", 500);
        s.append("\n").append(report.image("confirm-latency", "Confirm path latency percentiles", chart));
        s.append("\nWhole flows per second with 8 customers (checkout, pay, confirm, read): ")
                .append(num(series.get(series.size() - 1).latencies().count() / series.get(series.size() - 1).seconds()))
                .append(".\n");
    }
}
