package dev.checkstand.bench;

import static dev.checkstand.bench.report.Report.num;

import dev.checkstand.bench.report.Report;
import dev.checkstand.bench.report.Report.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Stripe API calls per successful checkout, from the simulator's call counts: whole checkouts with webhooks on, once
 * with the browser's confirm call (the usual storefront) and once relying on the webhook alone. The browser's own
 * confirm at Stripe is the customer's call, not the service's, and is subtracted. The events catch-up's list calls are
 * counted apart: they come with time (a pass every few minutes, one call per 100 events since the last pass), not
 * with a checkout, and whether a pass falls inside the window is chance.
 */
final class CallsPerCheckout {

    private static final String BROWSER_CONFIRM = "POST /v1/payment_intents/{id}/confirm";
    private static final String CATCH_UP = "GET /v1/events";
    /** Events a catch-up list call returns at most (its {@code limit}). */
    private static final int CATCH_UP_PAGE = 100;

    private final Bench bench;
    private final Deployment deployment;
    private final List<UUID> products;
    private final Browser browser;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * One flow's counts: {@code serviceCalls} the service's calls for the checkouts (neither the browser's confirms
     * nor the catch-up's lists), {@code catchUpCalls} the catch-up's lists made in the window, {@code events} the
     * events Stripe created in it.
     */
    record Flow(String label, int checkouts, Map<String, Long> calls, long serviceCalls, long catchUpCalls, long events,
            long notPaid) {

        double perCheckout() {
            return serviceCalls / (double) checkouts;
        }

        /** The catch-up's calls per checkout when it runs behind the same traffic: one per page of these events. */
        double catchUpPerCheckout() {
            return events / (double) CATCH_UP_PAGE / checkouts;
        }
    }

    CallsPerCheckout(Bench bench, Deployment deployment, List<UUID> products) {
        this.bench = bench;
        this.deployment = deployment;
        this.products = products;
        this.browser = new Browser(deployment.stripe.baseUrl(), deployment.stripe.publishableKey());
    }

    void run() throws InterruptedException {
        int n = bench.options().scaled(300, 60);
        bench.log("calls: " + n + " checkouts with confirm");
        Flow withConfirm = flow("checkout, pay, confirm call, webhook", n, true);
        bench.log("calls: " + n + " checkouts, webhook only");
        Flow webhookOnly = flow("checkout, pay, webhook only", n, false);
        write(List.of(withConfirm, webhookOnly));
    }

    private Flow flow(String label, int n, boolean confirm) throws InterruptedException {
        Map<String, Long> before = deployment.stripe.apiCallCounts();
        int eventsBefore = deployment.stripe.eventIds(null).size();
        List<String> paymentIntents = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger index = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = index.getAndIncrement(); i < n; i = index.getAndIncrement()) {
                    int k = next.getAndIncrement();
                    Storefront.Checkout checkout = deployment.storefront.createCheckout(
                            "bench-calls-" + (confirm ? "c-" : "w-") + String.format("%08d", k),
                            products.get(k % products.size()));
                    browser.pay(checkout.paymentIntentId(), checkout.clientSecret());
                    if (confirm) {
                        deployment.storefront.confirm(checkout.paymentIntentId());
                    }
                    paymentIntents.add(checkout.paymentIntentId());
                }
            }, "calls-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        String[] ids = paymentIntents.toArray(String[]::new);
        Deployment.await(() -> paidCount(ids) == ids.length
                && deployment.queryLong("select count(*) from webhook_events where status = 'received'") == 0,
                Duration.ofSeconds(60));
        ServiceProcess.sleep(1000);
        Map<String, Long> delta = delta(before, deployment.stripe.apiCallCounts());
        long total = delta.values().stream().mapToLong(Long::longValue).sum();
        long catchUp = delta.getOrDefault(CATCH_UP, 0L);
        long events = deployment.stripe.eventIds(null).size() - eventsBefore;
        return new Flow(label, n, delta, total - n - catchUp, catchUp, events, ids.length - paidCount(ids));
    }

    private long paidCount(String[] paymentIntents) {
        return deployment.queryLong("""
                select count(*) from payment_attempts a join orders o on o.id = a.order_id
                 where a.payment_intent_id = any(?) and o.status = 'paid'""", (Object) paymentIntents);
    }

    private void write(List<Flow> flows) {
        Report report = bench.report();
        String section = "Stripe calls per successful checkout";
        double worst = flows.stream().mapToDouble(Flow::perCheckout).max().orElse(Double.NaN);
        double catchUp = flows.stream().mapToDouble(Flow::catchUpPerCheckout).max().orElse(Double.NaN);
        report.target("Stripe calls per successful checkout", "≤ 2", flows.stream()
                .map(f -> num(f.perCheckout()) + " (" + f.label() + ")").collect(Collectors.joining(", "))
                + "; the events catch-up apart, ≤ " + num(catchUp) + " per checkout", Verdict.of(worst <= 2), section);
        StringBuilder s = report.section(section);
        s.append("""
                Whole checkouts with webhook delivery on, 4 customers at a time; the simulator counts every API \
                request by endpoint (`apiCallCounts()`). The browser's confirm at Stripe (`%s`, one per payment) is \
                the customer's request and is subtracted; everything else is the service's.

                The events catch-up's list calls (`%s`) are counted apart from the checkouts' own. The job runs \
                every 5 minutes (`checkstand.reconciliation.catch-up-interval`) and reads every event of a handled \
                type since its last pass, %d to a call: its calls come with time and with events, and whether a pass \
                falls inside a window of a few seconds is chance (one did in 2026-12-04's report, and made the \
                figure 2.02). Its cost behind the same traffic is at most one call per %d events Stripe created in \
                the window (every type counted, so an upper bound), plus one call per pass when it finds nothing.

                | flow | checkouts | service calls per checkout | events catch-up: calls in the window; per checkout behind this traffic (events ÷ %d ÷ checkouts) | calls by endpoint (browser's included) | not paid |
                |---|---|---|---|---|---|
                """.formatted(BROWSER_CONFIRM, CATCH_UP, CATCH_UP_PAGE, CATCH_UP_PAGE, CATCH_UP_PAGE));
        for (Flow f : flows) {
            s.append("| ").append(f.label()).append(" | ").append(f.checkouts()).append(" | **")
                    .append(num(f.perCheckout())).append("** | ").append(f.catchUpCalls()).append("; ≤ ")
                    .append(num(f.catchUpPerCheckout())).append(" (").append(f.events()).append(" events) | ")
                    .append(endpoints(f.calls())).append(" | ").append(f.notPaid()).append(" |\n");
        }
        s.append("\n");
    }

    /** Calls per endpoint made between two snapshots of a simulator's counts, endpoints with none left out. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((endpoint, count) -> {
            long d = count - before.getOrDefault(endpoint, 0L);
            if (d != 0) {
                delta.put(endpoint, d);
            }
        });
        return delta;
    }

    static String endpoints(Map<String, Long> calls) {
        return calls.entrySet().stream().map(e -> "`" + e.getKey() + "` " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
