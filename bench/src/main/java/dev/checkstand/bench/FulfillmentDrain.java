package dev.checkstand.bench;

import static dev.checkstand.bench.report.Report.num;

import dev.checkstand.bench.report.LineChart;
import dev.checkstand.bench.report.Report;
import dev.checkstand.bench.report.Report.Verdict;
import dev.checkstand.simulator.printful.PrintfulFaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A backlog of fulfillments drained at Printful's real limit, 120 calls a minute, both at the simulator and in the
 * service's own budget (its default): a flash sale of 1,000 orders paid as fast as the customers go, far faster than
 * Printful takes them, then the time until every one is at Printful, against the floor that limit sets, and the
 * Printful calls it took. The backlog is built without a single failed call, so the retry backoff plays no part and
 * the figure is the drain alone: a backlog built by Printful refusing calls would spend the same budget on refusals,
 * make every fulfillment read Printful before creating (a second call each) and wait out the doubling retry delays.
 */
final class FulfillmentDrain {

    /** Printful's limit, in calls a minute, and so the size of a full bucket (the burst it allows at once). */
    static final int CALLS_PER_MINUTE = PrintfulFaults.PRINTFUL_RATE_LIMIT;
    private static final int CUSTOMERS = 8;
    private static final String SECTION = "Fulfillment backlog drained at Printful's limit";

    private final Bench bench;
    private final PrintfulDeployment printful;

    private record Sample(double seconds, int atPrintful) {
    }

    FulfillmentDrain(Bench bench, PrintfulDeployment printful) {
        this.bench = bench;
        this.printful = printful;
    }

    /** Seconds the budget needs for {@code calls} calls from a full bucket: the first 120 at once, then 2 a second. */
    static double floorSeconds(int calls) {
        return Math.max(0, calls - CALLS_PER_MINUTE) * 60.0 / CALLS_PER_MINUTE;
    }

    void run() throws InterruptedException {
        int orders = bench.options().scaled(1_000, 300);
        Deployment deployment = printful.deployment;
        PayingCustomers customers = new PayingCustomers(deployment,
                deployment.createProducts(PrintfulDeployment.VARIANTS), "bench-drain-");
        ServiceProcess.sleep(2000); // the budget refills after the webhook registration's call
        Duration limit = Duration.ofSeconds((long) (floorSeconds(orders) * 3) + 180);
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (PrintfulOrdersSeen seen = PrintfulOrdersSeen.watch(printful.printful)) {
            Map<String, Long> callsBefore = printful.printful.apiCallCounts();
            long refusedBefore = printful.printful.faults().injected(PrintfulFaults.RATE_LIMITED);
            Machine.Window window = bench.machine().begin();
            long start = System.nanoTime();
            sampler.scheduleAtFixedRate(() -> samples.add(new Sample((System.nanoTime() - start) / 1e9, seen.count())),
                    0, 1, TimeUnit.SECONDS);
            bench.log("fulfillment drain: " + orders + " orders paid as fast as " + CUSTOMERS + " customers go");
            PayingCustomers.Batch batch = customers.pay(orders, Double.POSITIVE_INFINITY, CUSTOMERS);
            int atPrintfulWhenPaid = seen.count();
            bench.log("fulfillment drain: paid in " + num(batch.seconds()) + " s, " + atPrintfulWhenPaid
                    + " at Printful; draining (floor " + num(floorSeconds(batch.paid().size())) + " s)");
            Deployment.await(() -> seen.count() >= batch.paid().size(), limit);
            Machine.Conditions conditions = window.end();
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            ServiceProcess.sleep(2000);
            Map<String, Long> calls = CallsPerCheckout.delta(callsBefore, printful.printful.apiCallCounts());
            long refused = printful.printful.faults().injected(PrintfulFaults.RATE_LIMITED) - refusedBefore;
            write(new Drain(batch, start, seen, atPrintfulWhenPaid, calls, refused, conditions), samples, limit);
        } finally {
            sampler.shutdownNow();
        }
    }

    /** What one drain did; times in seconds from the first payment's checkout. */
    private final class Drain {

        final PayingCustomers.Batch batch;
        final int paid;
        final int atPrintful;
        final int atPrintfulWhenPaid;
        final double firstAtPrintful;
        final double lastAtPrintful;
        final Map<String, Long> calls;
        final long totalCalls;
        final long refused;
        final Machine.Conditions conditions;
        final FulfillmentRecords.Table table;

        Drain(PayingCustomers.Batch batch, long start, PrintfulOrdersSeen seen, int atPrintfulWhenPaid,
                Map<String, Long> calls, long refused, Machine.Conditions conditions) {
            this.batch = batch;
            this.paid = batch.paid().size();
            this.atPrintfulWhenPaid = atPrintfulWhenPaid;
            this.calls = calls;
            this.totalCalls = calls.values().stream().mapToLong(Long::longValue).sum();
            this.refused = refused;
            this.conditions = conditions;
            FulfillmentRecords records = new FulfillmentRecords(printful.deployment);
            List<Long> stamps = records.orders(batch.paid().stream().map(PayingCustomers.Paid::orderId).toList())
                    .values().stream().map(order -> seen.seenAt(order.number())).filter(Objects::nonNull).toList();
            this.atPrintful = stamps.size();
            this.firstAtPrintful = stamps.stream().mapToLong(Long::longValue).min().orElse(start) / 1e9 - start / 1e9;
            this.lastAtPrintful = stamps.stream().mapToLong(Long::longValue).max().orElse(start) / 1e9 - start / 1e9;
            this.table = records.table();
        }

        boolean drained() {
            return atPrintful == paid && batch.failed() == 0;
        }

        /** From the first order at Printful to the last: what the budget governs. */
        double drainSeconds() {
            return lastAtPrintful - firstAtPrintful;
        }
    }

    private void write(Drain d, List<Sample> samples, Duration limit) {
        double floor = floorSeconds(d.paid);
        double ratio = d.drainSeconds() / floor;
        double perFulfillment = d.totalCalls / (double) Math.max(1, d.paid);
        String size = num(d.paid) + (bench.options().quick() ? " (--quick size)" : "");
        Report report = bench.report();
        report.target("Backlog of " + size + " fulfillments drained at 120 calls/min", "(shown against the floor)",
                (d.drained() ? num(d.drainSeconds()) + " s = " + num(ratio) + " × the floor of " + num(floor) + " s"
                        : d.atPrintful + " of " + d.paid + " at Printful after " + limit.toSeconds() + " s")
                        + ", " + num(perFulfillment) + " Printful calls per fulfillment",
                Verdict.of(d.drained()), SECTION);
        StringBuilder s = report.section(SECTION);
        s.append("""
                On a service, database, Stripe simulator and Printful simulator of their own, connected as in the \
                previous section, but at Printful's real limit: the simulator answers 429 above **120 calls a \
                minute** (its default) and the service keeps to its default budget \
                (`CHECKSTAND_PRINTFUL_CALLS_PER_MINUTE=120`), each a bucket of 120 refilled continuously.

                **The backlog.** %s orders are paid in a flash sale, %d customers checking out, paying and \
                confirming back to back, far faster than Printful takes them: the service submits what its budget \
                allows while the rest wait as due fulfillments. It is built without a failed call — Printful healthy \
                throughout — so the retry backoff (`CHECKSTAND_FULFILLMENT_RETRY_BASE` 10 s doubling to \
                `CHECKSTAND_FULFILLMENT_RETRY_MAX` 10 min) plays no part and is left at its default. A backlog built \
                by Printful refusing every call (`apiErrorRate` 1.0) would spend the same budget on the refusals, make \
                each fulfillment read Printful before creating once healthy (an earlier call may have created it: \
                two calls each) and then wait out retry delays of up to 10 minutes; that would measure the retry \
                policy, not the drain.

                **The floor.** %s calls at 120 a minute take %s s; a full bucket lets the first 120 go at once, so \
                the floor from the first call to the last is **%s s**, if every fulfillment costs one call.

                | | |
                |---|---|
                | orders paid | %d in %s s (%s/s), %d flows failed%s |
                | at Printful when the last was paid | %d (the backlog then: %d) |
                | first order at Printful | %s s after the first checkout began |
                | last order at Printful | %s s after the first checkout began (%s of %d at Printful) |
                | **drain, first to last order at Printful** | **%s s = %s × the floor** |
                | Printful calls | %d: **%s per fulfillment** (%s) |
                | the floor for the calls made (%d, not %d) | %s s: the drain is %s × that |
                | answered 429 by the simulator | %d |
                | fulfillments by status | %s |
                | fulfillments with more than one call begun; with an error kept | %d; %d |
                | conditions | %s%s |

                Orders are seen at the simulator as in the previous section (its order list read every %d ms).

                """.formatted(size, CUSTOMERS, num(d.paid), num(d.paid * 60.0 / CALLS_PER_MINUTE), num(floor),
                d.paid, num(d.batch.seconds()), num(d.paid / d.batch.seconds()), d.batch.failed(),
                d.batch.firstFailure() == null ? "" : " (first: `" + d.batch.firstFailure() + "`)",
                d.atPrintfulWhenPaid, d.paid - d.atPrintfulWhenPaid, num(d.firstAtPrintful), num(d.lastAtPrintful),
                d.atPrintful, d.paid, num(d.drainSeconds()), num(ratio), d.totalCalls, num(perFulfillment),
                CallsPerCheckout.endpoints(d.calls), d.totalCalls, d.paid, num(floorSeconds((int) d.totalCalls)),
                num(d.drainSeconds() / floorSeconds((int) d.totalCalls)), d.refused, d.table.byStatus(), d.table.calledMoreThanOnce(),
                d.table.withError(), d.conditions.describe(), d.conditions.busy() ? " **busy**" : "",
                PrintfulOrdersSeen.INTERVAL_MILLIS));
        double[] floorX = {d.firstAtPrintful, d.firstAtPrintful, d.firstAtPrintful + floor};
        double[] floorY = {0, Math.min(d.paid, CALLS_PER_MINUTE), d.paid};
        s.append(report.image("fulfillment-drain", "Orders at Printful during the drain",
                new LineChart("Orders at Printful (120 calls/min)", "seconds from the first checkout", "orders")
                        .line("at Printful", samples.stream().mapToDouble(Sample::seconds).toArray(),
                                samples.stream().mapToDouble(Sample::atPrintful).toArray())
                        .line("floor: 120 at once, then 2/s", floorX, floorY)
                        .reference("paid " + num(d.paid), d.paid)));
    }
}
