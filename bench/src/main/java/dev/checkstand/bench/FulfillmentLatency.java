package dev.checkstand.bench;

import static dev.checkstand.bench.report.Report.ms;
import static dev.checkstand.bench.report.Report.num;

import dev.checkstand.bench.load.Latencies;
import dev.checkstand.bench.report.LineChart;
import dev.checkstand.bench.report.Report;
import dev.checkstand.bench.report.Report.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Payment succeeded to Printful order created, at a sustained 20 paid orders/s with Printful healthy. The clock starts
 * when Stripe answered the customer's payment {@code succeeded} and stops when the order with that order number as
 * {@code external_id} is first seen at the Printful simulator ({@link PrintfulOrdersSeen}); the service's own records
 * split the time into its steps. 20 orders/s is 1,200 Printful calls a minute, ten times Printful's real limit of 120,
 * so the service's budget and the simulator's limit are raised for this figure; the drain figure runs at the real one.
 */
final class FulfillmentLatency {

    static final int ORDERS_PER_SECOND = 20;
    /** The service's Printful budget here: 2.5 × the 1,200 calls a minute the rate needs, so it never waits. */
    static final int SERVICE_CALLS_PER_MINUTE = 3_000;
    private static final int CUSTOMERS = 8;
    private static final String SECTION = "Payment to Printful order";

    private final Bench bench;
    private final PrintfulDeployment printful;
    private final Instant wallBase = Instant.now();
    private final long nanoBase = System.nanoTime();

    /** One step after payment: its name and, per order, the time from payment to it. */
    private record Step(String name, Latencies latencies) {
    }

    FulfillmentLatency(Bench bench, PrintfulDeployment printful) {
        this.bench = bench;
        this.printful = printful;
    }

    void run() throws InterruptedException {
        Options options = bench.options();
        int warmupSeconds = options.scaled(10, 5);
        int seconds = options.scaled(60, 15);
        Deployment deployment = printful.deployment;
        PayingCustomers customers = new PayingCustomers(deployment,
                deployment.createProducts(PrintfulDeployment.VARIANTS), "bench-fulfil-");
        try (PrintfulOrdersSeen seen = PrintfulOrdersSeen.watch(printful.printful)) {
            bench.log("fulfillment: warm-up, " + warmupSeconds + " s at " + ORDERS_PER_SECOND + " paid orders/s");
            PayingCustomers.Batch warmup = customers.pay(ORDERS_PER_SECOND * warmupSeconds, ORDERS_PER_SECOND, CUSTOMERS);
            Deployment.await(() -> seen.count() >= warmup.paid().size(), Duration.ofSeconds(60));

            bench.log("fulfillment: " + seconds + " s at " + ORDERS_PER_SECOND + " paid orders/s");
            Map<String, Long> callsBefore = printful.printful.apiCallCounts();
            Machine.Window window = bench.machine().begin();
            PayingCustomers.Batch batch = customers.pay(ORDERS_PER_SECOND * seconds, ORDERS_PER_SECOND, CUSTOMERS);
            int expected = warmup.paid().size() + batch.paid().size();
            double waited = Deployment.await(() -> seen.count() >= expected, Duration.ofSeconds(60));
            Machine.Conditions conditions = window.end();
            ServiceProcess.sleep(1000);
            Map<String, Long> calls = CallsPerCheckout.delta(callsBefore, printful.printful.apiCallCounts());
            write(batch, seconds, warmup.paid().size(), seen, calls, conditions, waited);
        }
    }

    private void write(PayingCustomers.Batch batch, int seconds, int warmupOrders, PrintfulOrdersSeen seen,
            Map<String, Long> calls, Machine.Conditions conditions, double waited) {
        Map<String, FulfillmentRecords.Order> recorded = new FulfillmentRecords(printful.deployment)
                .orders(batch.paid().stream().map(PayingCustomers.Paid::orderId).toList());
        List<Step> steps = new ArrayList<>();
        steps.add(step("service has it paid (`orders.paid_at`)", batch, recorded, FulfillmentRecords.Order::paidAt));
        steps.add(step("fulfillment queued (timeline `fulfillment_queued`)", batch, recorded,
                FulfillmentRecords.Order::queuedAt));
        long[] created = new long[batch.paid().size()];
        int n = 0;
        for (PayingCustomers.Paid paid : batch.paid()) {
            FulfillmentRecords.Order order = recorded.get(paid.orderId());
            Long at = order == null ? null : seen.seenAt(order.number());
            if (at != null) {
                created[n++] = at - paid.paidAtNanos();
            }
        }
        Latencies toPrintful = Latencies.of(created, n);
        steps.add(new Step("**Printful order created** (seen at the simulator)", toPrintful));
        steps.add(step("recorded submitted (timeline `fulfillment_submitted`)", batch, recorded,
                FulfillmentRecords.Order::submittedAt));
        int missing = batch.paid().size() - toPrintful.count();
        long totalCalls = calls.values().stream().mapToLong(Long::longValue).sum();

        Report report = bench.report();
        report.target("Paid → Printful order created at " + ORDERS_PER_SECOND + " orders/s, p50 / p99", "(no target)",
                ms(toPrintful.p50()) + " / " + ms(toPrintful.p99()) + " (" + num(toPrintful.count()) + " orders"
                        + (missing == 0 ? "" : ", " + missing + " never at Printful") + ")",
                Verdict.of(missing == 0 && batch.failed() == 0), SECTION);
        StringBuilder s = report.section(SECTION);
        s.append("""
                On a service, database, Stripe simulator and Printful simulator of its own. The service is pointed at \
                the Printful simulator, which runs in the harness's JVM, as at Printful itself (`PRINTFUL_TOKEN`, \
                `PRINTFUL_API_BASE`, `PRINTFUL_STORE_ID`, `PRINTFUL_WEBHOOK_SECRET`, webhook URL registered at \
                start-up), so the harness sees each Printful order the moment it exists. **20 orders/s is 1,200 \
                Printful calls a minute, ten times Printful's real limit of 120**: for this figure the service's \
                budget is `CHECKSTAND_PRINTFUL_CALLS_PER_MINUTE=%d` and the simulator's limit is off, so the figure \
                is the service's own latency with the provider healthy and never limiting. At Printful's real limit a \
                full bucket takes the first 120 orders at once and then 2 a second; the next section measures that.

                Customers pay at a fixed schedule of %d orders/s (open loop, up to %d at once) for %d s, after an \
                unmeasured warm-up of %d orders: each checks out (`POST /api/create-payment-intent`, one product \
                mapped to a Printful sync variant), pays as Stripe.js does, then the storefront calls \
                `POST /api/payments/confirm`; Stripe's webhook is delivered too. The clock starts when Stripe \
                answered the payment `succeeded` and stops when the order, by its number as `external_id`, is first \
                seen in the simulator's order list, read every %d ms (the simulator stamps its orders in whole \
                seconds only): each figure is up to %d ms late, never early. The other steps are the service's \
                own timestamps (same machine clock), from the same start.

                | from payment succeeded to | orders | p50 | p90 | p99 | max |
                |---|---|---|---|---|---|
                """.formatted(SERVICE_CALLS_PER_MINUTE, ORDERS_PER_SECOND, CUSTOMERS,
                seconds, warmupOrders,
                PrintfulOrdersSeen.INTERVAL_MILLIS, PrintfulOrdersSeen.INTERVAL_MILLIS));
        LineChart chart = LatencyCharts.percentiles("Payment succeeded → each step, at " + ORDERS_PER_SECOND
                + " paid orders/s");
        for (Step step : steps) {
            Latencies l = step.latencies();
            s.append("| ").append(step.name()).append(" | ").append(l.count()).append(" | ").append(ms(l.p50()))
                    .append(" | ").append(ms(l.percentileMillis(90))).append(" | ").append(ms(l.p99())).append(" | ")
                    .append(ms(l.maxMillis())).append(" |\n");
            LatencyCharts.add(chart, step.name().replaceAll("[*`]", ""), l);
        }
        s.append("""

                Paid: %d orders in %s s (%s/s; the latest checkout began %s after its scheduled time), %d flows \
                failed%s. %s. Printful calls during the measured part: \
                %d (%s per order: %s). Conditions: %s%s.

                """.formatted(batch.paid().size(), num(batch.seconds()), num(batch.paid().size() / batch.seconds()),
                ms(batch.maxLateMillis()), batch.failed(),
                batch.firstFailure() == null ? "" : " (first: `" + batch.firstFailure() + "`)",
                missing == 0 ? "Every order was at Printful " + num(waited) + " s after the last checkout ended"
                        : missing + " orders were not at Printful 60 s after the last checkout ended", totalCalls,
                num(totalCalls / (double) Math.max(1, batch.paid().size())), CallsPerCheckout.endpoints(calls),
                conditions.describe(), conditions.busy() ? " **busy**" : ""));
        s.append(report.image("fulfillment-latency", "Payment succeeded to each fulfillment step", chart));
    }

    private Step step(String name, PayingCustomers.Batch batch, Map<String, FulfillmentRecords.Order> recorded,
            Function<FulfillmentRecords.Order, Instant> at) {
        long[] nanos = new long[batch.paid().size()];
        int n = 0;
        for (PayingCustomers.Paid paid : batch.paid()) {
            FulfillmentRecords.Order order = recorded.get(paid.orderId());
            Instant when = order == null ? null : at.apply(order);
            if (when != null) {
                nanos[n++] = Duration.between(wallClock(paid.paidAtNanos()), when).toNanos();
            }
        }
        return new Step(name, Latencies.of(nanos, n));
    }

    private Instant wallClock(long nanos) {
        return wallBase.plusNanos(nanos - nanoBase);
    }
}
