package dev.checkstand.chaos;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.param.PaymentIntentConfirmParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The customers: each takes the next checkout and plays one story with it through the service's HTTP API, paying
 * through the Stripe simulator as Stripe.js or the hosted page would; the {@link Admin} then refunds some paid orders
 * (and, with capture on fulfillment, captures part of some authorizations and releases others).
 */
final class Workload {

    static final int ON_HAND = 100_000;
    static final List<Long> VARIANTS = List.of(300100001L, 300100002L, 300100003L, 300100004L, 300100005L, 300100006L);

    private final Cluster cluster;
    private final Shop shop;
    private final Stats stats;
    private final StripeClient browser;
    private final Admin admin;
    final List<String> products = new ArrayList<>();
    /** Orders whose customer cancel the service answered 200 to. */
    final java.util.Set<String> canceledByCustomer = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService racers = Executors.newCachedThreadPool();

    Workload(Cluster cluster, Shop shop, Stats stats, Admin admin) {
        this.cluster = cluster;
        this.shop = shop;
        this.stats = stats;
        this.admin = admin;
        this.browser = StripeClient.builder().setApiKey(Cluster.PUBLISHABLE_KEY).setApiBase(cluster.stripeUrl)
                .setMaxNetworkRetries(2).build();
    }

    void createProducts() {
        for (int i = 0; i < VARIANTS.size(); i++) {
            Http.Answer created = shop.admin("/api/admin/products", """
                    {"sku":"CHAOS-%d","name":"Chaos item %d","description":"Chaos test item","unitAmount":%d,
                     "currency":"gbp","active":true,"onHand":%d,"printfulVariantId":"%d"}"""
                    .formatted(i, i, 1500 + 500 * i, ON_HAND, VARIANTS.get(i)), Map.of());
            if (created.status() != 201) {
                throw new IllegalStateException("could not create a product: " + created.status() + " " + created.body());
            }
            products.add(created.text("id"));
        }
    }

    /**
     * Runs {@code checkouts} stories over {@code customers} threads, each customer pausing a random 0 to 2 × {@code think}
     * between stories (so the run lasts long enough for kills and fault phases to land); {@code progress} sees each
     * completion.
     */
    void run(int checkouts, int customers, java.time.Duration think, Runnable progress) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            Thread t = new Thread(() -> {
                int n;
                while ((n = next.getAndIncrement()) < checkouts) {
                    try {
                        story(n);
                    } catch (RuntimeException e) {
                        stats.count("workload.error." + e.getClass().getSimpleName());
                    }
                    progress.run();
                    Processes.sleep(ThreadLocalRandom.current().nextLong(2 * think.toMillis() + 1));
                }
            }, "customer-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        racers.shutdown();
        admin.shutdown();
    }

    private void story(int n) {
        int roll = ThreadLocalRandom.current().nextInt(100);
        if (roll < 35) {
            paymentIntent(n, "paid");
        } else if (roll < 45) {
            paymentIntent(n, "declined-then-paid");
        } else if (roll < 50) {
            paymentIntent(n, "declined");
        } else if (roll < 58) {
            paymentIntent(n, "abandoned");
        } else if (roll < 66) {
            paymentIntent(n, "cancel-racing-payment");
        } else if (roll < 74) {
            paymentIntent(n, "racing-creates");
        } else {
            session(n);
        }
    }

    private String body(String checkoutId) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder items = new StringBuilder();
        int lines = 1 + r.nextInt(2);
        List<String> chosen = new ArrayList<>(products);
        java.util.Collections.shuffle(chosen);
        for (int i = 0; i < lines; i++) {
            items.append(i == 0 ? "" : ",").append("{\"productId\":\"").append(chosen.get(i))
                    .append("\",\"quantity\":").append(1 + r.nextInt(3)).append("}");
        }
        return "{\"checkoutId\":\"" + checkoutId + "\",\"email\":\"customer" + r.nextInt(1000)
                + "@example.com\",\"items\":[" + items + "],\"shippingAddress\":{\"name\":\"Chaos Buyer\",\"line1\":"
                + "\"1 Chaos Street\",\"line2\":null,\"city\":\"London\",\"state\":null,\"postalCode\":\"E1 6AN\","
                + "\"country\":\"GB\"}}";
    }

    private void paymentIntent(int n, String story) {
        stats.count("story." + story);
        String checkoutId = "chaos_" + n + "_" + UUID.randomUUID().toString().substring(0, 8);
        String body = body(checkoutId);
        Http.Answer created;
        if (story.equals("racing-creates")) {
            List<CompletableFuture<Http.Answer>> racing = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                racing.add(CompletableFuture.supplyAsync(() -> shop.post("/api/create-payment-intent", body, Map.of()), racers));
            }
            List<Http.Answer> answers = racing.stream().map(CompletableFuture::join).toList();
            created = answers.stream().filter(a -> a.status() == 201 || a.status() == 200).findFirst().orElse(answers.get(0));
            long distinct = answers.stream().filter(Http.Answer::ok).map(a -> a.text("orderId")).distinct().count();
            if (distinct > 1) {
                stats.count("violation.racing-creates-distinct-orders");
            }
        } else {
            created = shop.post("/api/create-payment-intent", body, Map.of());
        }
        if (!created.ok()) {
            stats.count("checkout.refused." + created.status() + " " + created.errorCode());
            return;
        }
        stats.count("checkouts");
        stats.count("checkouts.payment-intent");
        String pi = created.text("paymentIntentId");
        String secret = created.text("clientSecret");
        String token = created.text("orderToken");
        String orderId = created.text("orderId");
        String orderNumber = created.text("orderNumber");
        // Chosen before the payment, so the warehouse knows which orders to hold back for the admin.
        Admin.Plan plan = List.of("abandoned", "declined", "cancel-racing-payment").contains(story) ? Admin.Plan.NONE
                : admin.plan();
        admin.prepare(plan, orderNumber);
        switch (story) {
            case "abandoned" -> {
                return;
            }
            case "declined" -> {
                pay(pi, secret, "pm_card_chargeDeclined");
                return;
            }
            case "declined-then-paid" -> {
                pay(pi, secret, "pm_card_chargeDeclined");
                pay(pi, secret, "pm_card_visa");
            }
            case "cancel-racing-payment" -> {
                CompletableFuture<Http.Answer> cancel = CompletableFuture.supplyAsync(() -> shop.post(
                        "/api/orders/" + orderId + "/cancel", "{}", Map.of("X-Order-Token", token)), racers);
                // The customer pays a moment after asking to cancel (up to 0.4 s): either may win.
                Processes.sleep(ThreadLocalRandom.current().nextLong(400));
                pay(pi, secret, "pm_card_visa");
                Http.Answer canceled = cancel.join();
                stats.count("cancel." + canceled.status());
                if (canceled.ok()) {
                    canceledByCustomer.add(orderId);
                }
                return;
            }
            default -> pay(pi, secret, "pm_card_visa");
        }
        if (ThreadLocalRandom.current().nextBoolean()) {
            Http.Answer confirmed = shop.post("/api/payments/confirm", "{\"paymentIntentId\":\"" + pi + "\"}", Map.of());
            stats.count("confirm." + confirmed.status());
        }
        if (ThreadLocalRandom.current().nextInt(10) == 0) {
            Http.Answer again = shop.post("/api/create-payment-intent", body, Map.of());
            stats.count("repeated-create." + again.status());
            if (again.ok() && !orderId.equals(again.text("orderId"))) {
                stats.count("violation.repeated-create-new-order");
            }
        }
        admin.act(plan, orderId, orderNumber);
    }

    private void session(int n) {
        stats.count("story.session-paid");
        String checkoutId = "chaos_s" + n + "_" + UUID.randomUUID().toString().substring(0, 8);
        Http.Answer created = shop.post("/api/payments/create-checkout-session", body(checkoutId), Map.of());
        if (!created.ok()) {
            stats.count("checkout.refused." + created.status() + " " + created.errorCode());
            return;
        }
        stats.count("checkouts");
        stats.count("checkouts.session");
        String session = created.text("sessionId");
        Admin.Plan plan = admin.plan();
        admin.prepare(plan, created.text("orderNumber"));
        boolean declineFirst = ThreadLocalRandom.current().nextInt(5) == 0;
        if (declineFirst) {
            paySession(session, "pm_card_chargeDeclined");
        }
        paySession(session, "pm_card_visa");
        if (ThreadLocalRandom.current().nextBoolean()) {
            Http.Answer confirmed = shop.post("/api/payments/confirm", "{\"sessionId\":\"" + session + "\"}", Map.of());
            stats.count("confirm." + confirmed.status());
        }
        admin.act(plan, created.text("orderId"), created.text("orderNumber"));
    }

    private void paySession(String session, String method) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Http.Answer paid = Http.postJson(cluster.stripeUrl + "/_sim/checkout/sessions/" + session + "/pay",
                    "{\"payment_method\":\"" + method + "\"}", Map.of());
            if (paid.status() > 0 && paid.status() < 500) {
                stats.count(method.equals("pm_card_visa") ? "payments.session" : "payments.declined");
                return;
            }
            Processes.sleep(500);
        }
        stats.count("payments.session-failed");
    }

    private void pay(String pi, String clientSecret, String method) {
        try {
            browser.v1().paymentIntents().confirm(pi, PaymentIntentConfirmParams.builder().setPaymentMethod(method)
                    .putExtraParam("client_secret", clientSecret).build());
            stats.count("payments.succeeded-at-browser");
        } catch (CardException e) {
            stats.count("payments.declined");
        } catch (StripeException e) {
            stats.count("payments.browser-error." + e.getClass().getSimpleName());
        }
    }
}
