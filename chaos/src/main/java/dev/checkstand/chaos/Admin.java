package dev.checkstand.chaos;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The admin, through the admin API: a third of the paid orders get refunds (three concurrent partial ones, or two with
 * the same key). With capture on fulfillment refunds wait for the capture — asked once while the order is only
 * authorized, which the service must refuse — and a sixth of the orders are captured in part (a third of those while
 * the warehouse puts the order into production, so the capture that causes races the admin's) and another sixth
 * released (a third of those while a second admin captures the whole authorization: one of the two may win). What the
 * admin was answered is kept for the invariants.
 */
final class Admin {

    /** What the admin does with one order, chosen when its checkout is created. */
    enum Plan {
        NONE, REFUND, CAPTURE_PART, RELEASE
    }

    private final Shop shop;
    private final Stats stats;
    private final Warehouse warehouse;
    private final boolean onFulfillment;
    private final ExecutorService racers = Executors.newCachedThreadPool();
    /** Order id → amount of each capture the admin asked for, whatever the answer. */
    final Map<String, Long> capturesAsked = new ConcurrentHashMap<>();
    /** Order id → amount of each capture the service answered 200 to. */
    final Map<String, Long> capturesAnswered = new ConcurrentHashMap<>();
    /** Orders whose release the service answered 200 to. */
    final Set<String> releasesAnswered = ConcurrentHashMap.newKeySet();

    Admin(Shop shop, Stats stats, Warehouse warehouse, boolean onFulfillment) {
        this.shop = shop;
        this.stats = stats;
        this.warehouse = warehouse;
        this.onFulfillment = onFulfillment;
    }

    /** A third of the orders are refunded; with capture on fulfillment a sixth are captured in part, a sixth released. */
    Plan plan() {
        int roll = ThreadLocalRandom.current().nextInt(6);
        if (roll <= 1) {
            return Plan.REFUND;
        }
        if (!onFulfillment) {
            return Plan.NONE;
        }
        return roll == 2 ? Plan.CAPTURE_PART : roll == 3 ? Plan.RELEASE : Plan.NONE;
    }

    /**
     * Before the customer pays: an order the admin will capture in part or release is held back at the warehouse, one
     * to refund goes into production as soon as it reaches Printful (a refund needs a capture).
     */
    void prepare(Plan plan, String orderNumber) {
        if (!onFulfillment || orderNumber == null) {
            return;
        }
        switch (plan) {
            case CAPTURE_PART, RELEASE -> warehouse.hold(orderNumber);
            case REFUND -> warehouse.produce(orderNumber);
            case NONE -> {
            }
        }
    }

    /** After the customer paid: the plan. */
    void act(Plan plan, String orderId, String orderNumber) {
        switch (plan) {
            case NONE -> {
            }
            case REFUND -> refund(orderId);
            case CAPTURE_PART -> capturePart(orderId, orderNumber);
            case RELEASE -> release(orderId, orderNumber);
        }
    }

    void shutdown() {
        racers.shutdown();
    }

    private void refund(String orderId) {
        JsonObject order = await(orderId, o -> "paid".equals(Invariants.text(o, "status")), 30);
        if (order == null) {
            stats.count("refund.skipped-not-paid");
            return;
        }
        if (onFulfillment) {
            if ("authorized".equals(Invariants.text(order, "paymentStatus"))) {
                // Nothing was taken yet: the service must refuse (409 order_not_refundable), unless the capture
                // happened in between.
                Http.Answer a = shop.admin("/api/admin/orders/" + orderId + "/refunds",
                        "{\"amount\":" + Math.max(100, order.get("total").getAsLong() / 3)
                                + ",\"reason\":\"requested_by_customer\"}",
                        Map.of("Idempotency-Key", "chaos-" + UUID.randomUUID()));
                String answer = a.status() + (a.ok() ? "" : " " + a.errorCode());
                stats.count("refund.while-authorized.answer." + answer);
                if (!a.ok() && !(a.status() == 409 && "order_not_refundable".equals(a.errorCode()))) {
                    stats.count("violation.refund-of-authorized-order-answered-" + answer);
                }
            }
            order = await(orderId, o -> !"authorized".equals(Invariants.text(o, "paymentStatus")), 60);
            if (order == null || !"paid".equals(Invariants.text(order, "status"))) {
                stats.count("refund.skipped-not-captured");
                return;
            }
        }
        long total = order.get("total").getAsLong();
        List<CompletableFuture<Http.Answer>> refunds = new ArrayList<>();
        if (ThreadLocalRandom.current().nextBoolean()) {
            stats.count("refund.story.concurrent-partial");
            // Three refunds of 40 % each, at once on (likely) different instances: at most two may pass.
            long amount = total * 4 / 10;
            for (int i = 0; i < 3; i++) {
                String key = "chaos-" + UUID.randomUUID();
                refunds.add(CompletableFuture.supplyAsync(() -> shop.admin("/api/admin/orders/" + orderId + "/refunds",
                        "{\"amount\":" + amount + ",\"reason\":\"requested_by_customer\"}", Map.of("Idempotency-Key", key)), racers));
            }
        } else {
            stats.count("refund.story.same-key");
            String key = "chaos-" + UUID.randomUUID();
            long amount = Math.max(100, total / 3);
            for (int i = 0; i < 2; i++) {
                refunds.add(CompletableFuture.supplyAsync(() -> shop.admin("/api/admin/orders/" + orderId + "/refunds",
                        "{\"amount\":" + amount + ",\"reason\":\"requested_by_customer\"}", Map.of("Idempotency-Key", key)), racers));
            }
        }
        for (CompletableFuture<Http.Answer> f : refunds) {
            Http.Answer a = f.join();
            stats.count("refund.answer." + a.status() + (a.ok() ? "" : " " + a.errorCode()));
        }
    }

    // Captures 30-90 % of the authorization; the rest is released by Stripe.
    private void capturePart(String orderId, String orderNumber) {
        JsonObject order = awaitAuthorized(orderId);
        if (order == null) {
            stats.count("capture.skipped-not-authorized");
            warehouse.letGo(orderNumber);
            return;
        }
        long authorized = order.get("amountAuthorized").getAsLong();
        long amount = Math.max(1, authorized * (30 + ThreadLocalRandom.current().nextInt(61)) / 100);
        boolean racing = ThreadLocalRandom.current().nextInt(3) == 0;
        if (racing) {
            warehouse.produce(orderNumber);
        }
        capturesAsked.put(orderId, amount);
        Http.Answer a = shop.admin("/api/admin/orders/" + orderId + "/capture", "{\"amount\":" + amount + "}", Map.of());
        stats.count("capture.part" + (racing ? " racing production" : "") + ".answer." + a.status()
                + (a.ok() ? "" : " " + a.errorCode()));
        if (a.ok()) {
            capturesAnswered.put(orderId, amount);
        }
        if (!racing) {
            warehouse.letGo(orderNumber);
        }
    }

    // Releases the authorization (the order is canceled); sometimes a second admin captures all of it at once. A
    // released order stays held at the warehouse: its Printful order is the service's to cancel.
    private void release(String orderId, String orderNumber) {
        JsonObject order = awaitAuthorized(orderId);
        if (order == null) {
            stats.count("release.skipped-not-authorized");
            warehouse.letGo(orderNumber);
            return;
        }
        CompletableFuture<Http.Answer> capture = null;
        if (ThreadLocalRandom.current().nextInt(3) == 0) {
            capturesAsked.put(orderId, order.get("amountAuthorized").getAsLong());
            capture = CompletableFuture.supplyAsync(() -> shop.admin("/api/admin/orders/" + orderId + "/capture", "{}",
                    Map.of()), racers);
        }
        Http.Answer released = shop.admin("/api/admin/orders/" + orderId + "/release", "{}", Map.of());
        stats.count("release" + (capture == null ? "" : " racing a capture") + ".answer." + released.status()
                + (released.ok() ? "" : " " + released.errorCode()));
        if (released.ok()) {
            releasesAnswered.add(orderId);
        }
        if (capture != null) {
            Http.Answer captured = capture.join();
            stats.count("capture.all racing a release.answer." + captured.status()
                    + (captured.ok() ? "" : " " + captured.errorCode()));
            if (captured.ok()) {
                capturesAnswered.put(orderId, capturesAsked.get(orderId));
                warehouse.letGo(orderNumber);
            }
            if (captured.ok() && released.ok()) {
                stats.count("violation.capture-and-release-both-answered-200");
            }
        }
    }

    private JsonObject awaitAuthorized(String orderId) {
        JsonObject order = await(orderId, o -> "authorized".equals(Invariants.text(o, "paymentStatus"))
                || "canceled".equals(Invariants.text(o, "status")), 30);
        return order != null && "authorized".equals(Invariants.text(order, "paymentStatus")) ? order : null;
    }

    // The admin's view of the order once it matches, polled every second for up to that many seconds; else null.
    private JsonObject await(String orderId, Predicate<JsonObject> until, int seconds) {
        for (int i = 0; i < seconds; i++) {
            Http.Answer a = shop.get("/api/admin/orders/" + orderId, true);
            if (a.ok() && until.test(a.object())) {
                return a.object();
            }
            Processes.sleep(1000);
        }
        return null;
    }
}
