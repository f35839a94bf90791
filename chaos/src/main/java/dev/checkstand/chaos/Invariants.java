package dev.checkstand.chaos;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The invariants of issue 17, item 4, read from the simulators' own state and the service's admin API; with capture on
 * fulfillment the payment ones read authorizations too, and {@link CaptureInvariants} adds four of its own.
 */
final class Invariants {

    /**
     * One invariant's verdict, with up to five examples of what broke it; {@code history}: it is about what already
     * happened (a request Stripe refused), so once broken no healing can mend it.
     */
    record Verdict(String name, boolean pass, int violations, List<String> examples, boolean history) {
    }

    /**
     * What one check pass read: the time before the orders were read, the orders by id (admin API), Stripe's
     * PaymentIntents by id, the order each PaymentIntent belongs to, what Stripe refunded (succeeded or pending) per
     * PaymentIntent, and each order's PaymentIntents.
     */
    record Facts(Instant now, Map<String, JsonObject> orderById, Map<String, JsonObject> pis, Map<String, String> orderOfPi,
            Map<String, Long> refundedAtStripe, Map<String, List<JsonObject>> pisOfOrder) {
    }

    private final Cluster cluster;
    private final Shop shop;
    private final Duration takeoverBound;
    private final boolean onFulfillment;
    private final CaptureInvariants capture;
    private final java.util.Set<String> canceledByCustomer;

    Invariants(Cluster cluster, Shop shop, Duration takeoverBound, Admin admin, java.util.Set<String> canceledByCustomer) {
        this.cluster = cluster;
        this.shop = shop;
        this.takeoverBound = takeoverBound;
        this.canceledByCustomer = canceledByCustomer;
        this.onFulfillment = cluster.config.onFulfillment();
        this.capture = new CaptureInvariants(admin);
    }

    /** One invariant being checked: its violations, with up to five examples. */
    static final class Check {
        final String name;
        final List<String> examples = new ArrayList<>();
        final boolean history;
        int violations;

        Check(String name) {
            this(name, false);
        }

        Check(String name, boolean history) {
            this.name = name;
            this.history = history;
        }

        void fail(String example) {
            violations++;
            if (examples.size() < 5) {
                examples.add(example);
            }
        }

        Verdict verdict() {
            return new Verdict(name, violations == 0, violations, examples, history);
        }
    }

    /** Facts gathered once per check pass. */
    int orders;
    int paidOrders;

    /** With capture on fulfillment, what became of the authorizations at the last check (for the report). */
    Map<String, Long> captureFigures() {
        return capture.figures;
    }

    List<Verdict> check(List<String> productIds) throws Exception {
        // Taken before the orders are read (which takes a while): an order read as unpaid was so at this time or later.
        Instant now = Instant.now();
        Map<String, JsonObject> orderById = orders();
        Map<String, JsonObject> pis = stripeList("/v1/payment_intents");
        Map<String, JsonObject> refunds = stripeList("/v1/refunds");
        orders = orderById.size();
        // PaymentIntent -> order: the order's payments, else the PaymentIntent's metadata.
        Map<String, String> orderOfPi = new HashMap<>();
        orderById.forEach((id, o) -> array(o, "payments").forEach(p -> {
            String pi = text(p.getAsJsonObject(), "paymentIntentId");
            if (pi != null) {
                orderOfPi.put(pi, id);
            }
        }));
        pis.forEach((id, pi) -> {
            JsonObject md = pi.has("metadata") && pi.get("metadata").isJsonObject() ? pi.getAsJsonObject("metadata") : new JsonObject();
            if (!orderOfPi.containsKey(id) && md.has("order_id")) {
                orderOfPi.put(id, md.get("order_id").getAsString());
            }
        });
        Map<String, Long> refundedAtStripe = new HashMap<>();
        refunds.values().forEach(r -> {
            String status = text(r, "status");
            if ("succeeded".equals(status) || "pending".equals(status)) {
                refundedAtStripe.merge(text(r, "payment_intent"), r.get("amount").getAsLong(), Long::sum);
            }
        });
        Map<String, List<JsonObject>> pisOfOrder = new HashMap<>();
        pis.forEach((id, pi) -> pisOfOrder.computeIfAbsent(orderOfPi.get(id), k -> new ArrayList<>()).add(pi));
        // The status of the attempt each PaymentIntent belongs to, as the service has it (succeeded: the order's own).
        Map<String, String> attemptStatusOfPi = new HashMap<>();
        orderById.values().forEach(o -> array(o, "payments").forEach(p -> {
            String pi = text(p.getAsJsonObject(), "paymentIntentId");
            if (pi != null) {
                attemptStatusOfPi.put(pi, text(p.getAsJsonObject(), "status"));
            }
        }));

        Check twoKept = new Check("no order with two kept payments");
        Check onePaid = new Check(onFulfillment
                ? "one `authorized` timeline entry per order placed on an authorization; one `paid` entry once captured, none before"
                : "one `paid` timeline entry per paid order");
        Check succeededAccounted = new Check("every succeeded PaymentIntent belongs to a paid order whose amountPaid is"
                + " what it received (or is refunded and flagged)");
        Check paidHasPi = new Check(onFulfillment
                ? "no paid order without a succeeded PaymentIntent, nor an authorized one without its PaymentIntent awaiting capture"
                : "no paid order without a succeeded PaymentIntent");
        Check refundsMatch = new Check("refunds at Stripe equal amountRefunded, never more than received");
        Check stock = new Check(onFulfillment
                ? "stock conserved per product (authorized orders' units committed, released orders' restocked)"
                : "stock conserved per product");
        Check canceledNotPayable = new Check("nothing payable at Stripe for a canceled order");
        Check hold = new Check("no unpaid order past its hold (+" + takeoverBound.toSeconds() + " s takeover bound)");
        Check printfulOne = new Check("every paid order has exactly one Printful order (a canceled one none, or one Printful"
                + " made before the cancel reached it, flagged for an admin)");
        Check emails = new Check("no email sent twice");
        Check audit = new Check("reconciliation audit clean");
        Check dead = new Check("no event dead-lettered");
        Check cancelRefused = new Check("a customer's cancel answered 200 only for an order never placed (no `paid` or"
                + " `authorized` entry, no order confirmation), or whose hold the cancel itself released at Stripe (nothing"
                + " taken): when the payment wins, the cancel is refused", true);
        Check outbox = new Check("no event publication left incomplete a minute after it was written (every module"
                + " listener finished)");
        Check overAsked = new Check("no refund asked of Stripe beyond what was left (Stripe refused none)", true);

        Map<String, Long> sold = new HashMap<>();
        Map<String, Long> reserved = new HashMap<>();
        Map<String, String> orderOfExternal = new HashMap<>();
        paidOrders = 0;
        for (JsonObject o : orderById.values()) {
            String id = text(o, "id");
            String status = text(o, "status");
            List<String> reasons = new ArrayList<>();
            array(o, "attentionReasons").forEach(r -> reasons.add(r.getAsString()));
            List<JsonObject> orderPis = pisOfOrder.getOrDefault(id, List.of());
            // Kept: money taken and not all returned, or an authorization still held.
            long kept = orderPis.stream().filter(pi -> "requires_capture".equals(text(pi, "status"))
                    || "succeeded".equals(text(pi, "status"))
                    && pi.get("amount_received").getAsLong() > refundedAtStripe.getOrDefault(text(pi, "id"), 0L)).count();
            if (kept > 1) {
                twoKept.fail(id + ": " + kept + " PaymentIntents succeeded and not refunded in full, or awaiting capture");
            }
            String paymentStatus = text(o, "paymentStatus");
            long paidEntries = entries(o, "paid");
            if (canceledByCustomer.contains(id) && !releasedByTheCancel(o) && (paidEntries > 0
                    || entries(o, "authorized") > 0 || array(o, "notifications").asList().stream()
                            .anyMatch(n -> "order_confirmation".equals(text(n.getAsJsonObject(), "kind"))))) {
                cancelRefused.fail(id + " (" + status + ", payment " + paymentStatus + "): cancel answered 200; timeline "
                        + array(o, "timeline").asList().stream().map(t -> text(t.getAsJsonObject(), "type") + " ("
                                + text(t.getAsJsonObject(), "source") + ")").toList());
            }
            if (onFulfillment) {
                long authorizedEntries = entries(o, "authorized");
                boolean placedOnAuthorization = o.get("amountAuthorized").getAsLong() > 0;
                boolean captured = "paid".equals(status) && !"authorized".equals(paymentStatus);
                if (authorizedEntries != (placedOnAuthorization ? 1 : 0) || paidEntries != (captured ? 1 : 0)) {
                    onePaid.fail(id + " (" + status + ", payment " + paymentStatus + ", authorized "
                            + o.get("amountAuthorized") + "): " + authorizedEntries + " authorized, " + paidEntries
                            + " paid entries");
                }
            } else if ("paid".equals(status) ? paidEntries != 1 : paidEntries > 1) {
                onePaid.fail(id + " (" + status + "): " + paidEntries + " paid entries");
            }
            if ("paid".equals(status)) {
                paidOrders++;
                if ("authorized".equals(paymentStatus)) {
                    long held = orderPis.stream().filter(pi -> "requires_capture".equals(text(pi, "status"))
                            && "authorized".equals(attemptStatusOfPi.get(text(pi, "id")))
                            && pi.get("amount_capturable").getAsLong() == o.get("amountAuthorized").getAsLong()).count();
                    if (held != 1) {
                        paidHasPi.fail(id + ": authorized (" + o.get("amountAuthorized") + "), PaymentIntents at Stripe "
                                + describe(orderPis));
                    }
                } else if (orderPis.stream().noneMatch(pi -> "succeeded".equals(text(pi, "status")))) {
                    paidHasPi.fail(id + ": paid, no succeeded PaymentIntent at Stripe");
                }
                for (JsonElement item : array(o, "items")) {
                    JsonObject i = item.getAsJsonObject();
                    sold.merge(text(i, "productId"), i.get("quantity").getAsLong(), Long::sum);
                }
            }
            if ("pending_payment".equals(status)) {
                for (JsonElement item : array(o, "items")) {
                    JsonObject i = item.getAsJsonObject();
                    reserved.merge(text(i, "productId"), i.get("quantity").getAsLong(), Long::sum);
                }
                String expires = text(o, "reservationExpiresAt");
                if (expires != null && Instant.parse(expires).plus(takeoverBound).isBefore(now)) {
                    hold.fail(id + ": pending_payment, hold ended " + expires);
                }
            }
            long stripeRefunded = orderPis.stream().mapToLong(pi -> refundedAtStripe.getOrDefault(text(pi, "id"), 0L)).sum();
            long amountRefunded = o.get("amountRefunded").getAsLong();
            if (stripeRefunded != amountRefunded) {
                refundsMatch.fail(id + ": Stripe refunded " + stripeRefunded + ", order says " + amountRefunded);
            }
            if ("canceled".equals(status)) {
                for (JsonObject pi : orderPis) {
                    String s = text(pi, "status");
                    if (s.startsWith("requires_") || "processing".equals(s)) {
                        canceledNotPayable.fail(id + ": " + text(pi, "id") + " is " + s);
                    }
                }
                for (JsonElement p : array(o, "payments")) {
                    String session = text(p.getAsJsonObject(), "checkoutSessionId");
                    if (session != null) {
                        Http.Answer s = Http.get(cluster.stripeUrl + "/v1/checkout/sessions/" + session,
                                Map.of("Authorization", "Bearer " + Cluster.SECRET_KEY));
                        if ("open".equals(s.text("status"))) {
                            canceledNotPayable.fail(id + ": session " + session + " is open");
                        }
                    }
                }
            }
            for (JsonElement f : array(o, "fulfillments")) {
                String external = text(f.getAsJsonObject(), "externalId");
                if (external != null) {
                    orderOfExternal.put(external, id);
                }
            }
            orderOfExternal.putIfAbsent(text(o, "number"), id);
        }
        pis.forEach((piId, pi) -> {
            if (!"succeeded".equals(text(pi, "status"))) {
                return;
            }
            String orderId = orderOfPi.get(piId);
            JsonObject o = orderId == null ? null : orderById.get(orderId);
            if (o == null) {
                succeededAccounted.fail(piId + ": succeeded, no order");
                return;
            }
            long received = pi.get("amount_received").getAsLong();
            long refunded = refundedAtStripe.getOrDefault(piId, 0L);
            if (refunded > received) {
                refundsMatch.fail(piId + ": refunded " + refunded + " > received " + received);
            }
            // The order's own payment (its attempt succeeded; or, of an order paid, no attempt names it): the order
            // is paid and counts what it received.
            String attemptStatus = attemptStatusOfPi.get(piId);
            if ("succeeded".equals(attemptStatus) || attemptStatus == null && "paid".equals(text(o, "status"))) {
                long amountPaid = o.get("amountPaid").getAsLong();
                if (!"paid".equals(text(o, "status")) || amountPaid != received) {
                    succeededAccounted.fail(piId + ": succeeded with " + received + " for order " + orderId + " ("
                            + text(o, "status") + ", payment " + text(o, "paymentStatus") + ", amountPaid " + amountPaid + ")");
                }
                return;
            }
            String reasons = o.get("attentionReasons").toString();
            boolean flagged = reasons.contains("duplicate_payment") || reasons.contains("paid_after_cancel");
            if (refunded < received || !flagged) {
                succeededAccounted.fail(piId + ": succeeded for order " + orderId + " (" + text(o, "status")
                        + "), refunded " + refunded + "/" + received + ", flags " + reasons);
            }
        });

        // Stock: on hand = initial - sold to paid orders (the refunds here restock nothing); reserved = pending orders.
        List<String> movedDuringCheck = new ArrayList<>();
        for (JsonElement p : Http.get(cluster.anyLive() + "/api/admin/products", Map.of("Authorization", cluster.admin()))
                .json().getAsJsonArray()) {
            JsonObject product = p.getAsJsonObject();
            String id = text(product, "id");
            if (!productIds.contains(id)) {
                continue;
            }
            long onHand = product.get("onHand").getAsLong();
            long res = product.get("reserved").getAsLong();
            long expectOnHand = Workload.ON_HAND - sold.getOrDefault(id, 0L);
            long expectReserved = reserved.getOrDefault(id, 0L);
            if (onHand != expectOnHand || res != expectReserved) {
                String seen = text(product, "sku") + ": " + stockSeen(onHand, expectOnHand, res, expectReserved);
                // The orders were read one by one, seconds before the stock: a hold expiring or an order paid in
                // between shows here without anything being wrong. The same sums over one snapshot of the database
                // tell the two apart: only a mismatch there too is a violation.
                confirmInOneSnapshot(stock, seen, stockInOneSnapshot(id), movedDuringCheck);
            }
        }
        logMoved("stock moved while the orders were read (consistent in one snapshot)", movedDuringCheck);

        // Printful: exactly one order per paid order, none for others.
        Map<String, Integer> printfulCount = new HashMap<>();
        Http.Answer printfulOrders = Http.get(cluster.printfulUrl + "/_sim/orders", Map.of());
        JsonArray pfOrders = printfulOrders.json() != null && printfulOrders.json().isJsonArray()
                ? printfulOrders.json().getAsJsonArray() : printfulOrders.object().getAsJsonArray("orders");
        for (JsonElement e : pfOrders) {
            JsonObject pf = e.getAsJsonObject();
            if ("canceled".equals(text(pf, "status"))) {
                continue;
            }
            String orderId = orderOfExternal.get(text(pf, "externalId"));
            if (orderId == null) {
                printfulOne.fail("Printful order " + text(pf, "id") + " (" + text(pf, "externalId") + ") matches no order");
                continue;
            }
            printfulCount.merge(orderId, 1, Integer::sum);
        }
        orderById.forEach((id, o) -> {
            int n = printfulCount.getOrDefault(id, 0);
            boolean paid = "paid".equals(text(o, "status"));
            // A placed order canceled after Printful had it (its hold released) cannot always be stopped there: Printful
            // may have made or shipped it before the cancellation arrived. Then the service must have flagged it for an
            // admin (refunded_after_production: nothing is paid for goods that went out), never let it pass unseen.
            boolean madeAfterCancelFlagged = !paid && n == 1 && array(o, "attentionReasons").asList().stream()
                    .anyMatch(r -> "refunded_after_production".equals(r.getAsString()));
            if ((paid ? n != 1 : n != 0) && !madeAfterCancelFlagged) {
                printfulOne.fail(id + " (" + text(o, "status") + ", fulfillment " + text(o, "fulfillmentStatus") + "): "
                        + n + " Printful orders");
            }
        });

        // Emails: one per fact.
        Map<String, Integer> perFact = new HashMap<>();
        List<String> emailsMovedDuringCheck = new ArrayList<>();
        for (int page = 0;; page++) {
            Http.Answer a = shop.get("/api/admin/notifications?size=200&page=" + page, true);
            JsonArray items = a.object().getAsJsonArray("items");
            for (JsonElement e : items) {
                JsonObject n = e.getAsJsonObject();
                perFact.merge(text(n, "orderId") + " " + text(n, "kind"), 1, Integer::sum);
            }
            if (items.size() < 200) {
                break;
            }
        }
        for (Map.Entry<String, Integer> entry : perFact.entrySet()) {
            String fact = entry.getKey();
            int n = entry.getValue();
            String[] parts = fact.split(" ");
            JsonObject o = orderById.get(parts[0]);
            int allowed = 1;
            if (o != null && parts[1].equals("refund_confirmation")) {
                allowed = (int) array(o, "refunds").asList().stream()
                        .filter(r -> "succeeded".equals(text(r.getAsJsonObject(), "status"))).count();
            } else if (o != null && parts[1].equals("shipping_confirmation")) {
                allowed = array(o, "fulfillments").asList().stream()
                        .mapToInt(f -> array(f.getAsJsonObject(), "shipments").size()).sum();
            }
            if (n > allowed) {
                String seen = fact + ": " + n + " emails for " + allowed + " facts";
                // The orders were read seconds before the emails: a package shipped or a refund succeeded in between
                // has its email already and not yet its fact. The same counts over one snapshot of the database
                // tell the two apart: only a mismatch there too is a violation.
                confirmInOneSnapshot(emails, seen, emailsInOneSnapshot(parts[0], parts[1]), emailsMovedDuringCheck);
            }
        }
        logMoved("emails written while the orders were read (one per fact in one snapshot)", emailsMovedDuringCheck);

        Http.Answer report = shop.get("/api/admin/reconciliation", true);
        if (!report.ok() || !report.object().get("clean").getAsBoolean()) {
            audit.fail(report.status() + " counts " + report.object().get("counts") + " examples "
                    + report.object().get("examples"));
        }
        Http.Answer failed = shop.get("/api/admin/webhook-events?status=failed", true);
        long deadLetters = failed.ok() ? failed.object().get("total").getAsLong() : -1;
        if (deadLetters != 0) {
            dead.fail(deadLetters + " dead-lettered: " + (failed.body() == null ? "" : failed.body().substring(0,
                    Math.min(400, failed.body().length()))));
        }
        // Spring Modulith's registry, read from the database the suite runs: a listener that failed or whose instance
        // died is re-run (the resubmission job takes publications older than about 20 s), so a publication still
        // incomplete after a minute is one whose listener keeps failing.
        try (Connection c = cluster.database.connect(Database.NAME); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        select event_type, listener_id, serialized_event, completion_attempts from event_publication
                         where completion_date is null and publication_date < now() - interval '60 seconds'
                         order by publication_date""")) {
            while (rs.next()) {
                outbox.fail(simpleName(rs.getString("event_type")) + " to " + simpleName(rs.getString("listener_id"))
                        + ", " + rs.getInt("completion_attempts") + " attempts: " + rs.getString("serialized_event"));
            }
        }
        // Stripe refuses a refund beyond what is left on the charge, so an over-refund never shows in its balances:
        // it shows as a refusal. The service decides refundable amounts itself and should never be refused one.
        ChaosSuite.stripeRefusals(cluster).forEach((endpoint, n) -> {
            if (endpoint.startsWith("POST /v1/refunds ")
                    && (endpoint.endsWith(" amount_too_large") || endpoint.endsWith(" charge_already_refunded"))) {
                for (int i = 0; i < n; i++) {
                    overAsked.fail(endpoint);
                }
            }
        });
        if (overAsked.violations > 0) {
            overAsked.examples.clear();
            orderById.forEach((id, o) -> array(o, "refunds").forEach(r -> {
                if ("failed".equals(text(r.getAsJsonObject(), "status")) && overAsked.examples.size() < 5) {
                    overAsked.examples.add(id + ": refund of " + r.getAsJsonObject().get("amount") + " failed at Stripe"
                            + " (order total " + o.get("total") + ")");
                }
            }));
        }
        List<Verdict> verdicts = new ArrayList<>(List.of(twoKept.verdict(), onePaid.verdict(), succeededAccounted.verdict(),
                paidHasPi.verdict(), refundsMatch.verdict(), overAsked.verdict(), stock.verdict(),
                canceledNotPayable.verdict(), hold.verdict(), printfulOne.verdict(), emails.verdict(), audit.verdict(),
                dead.verdict(), outbox.verdict(), cancelRefused.verdict()));
        if (onFulfillment) {
            verdicts.addAll(capture.check(new Facts(now, orderById, pis, orderOfPi, refundedAtStripe, pisOfOrder)));
        }
        return verdicts;
    }

    /**
     * A mismatch between reads taken seconds apart counts as a violation only if one snapshot of the database shows
     * it too ({@code snapshot} is what that showed, null when it agreed); otherwise it is noted as moved.
     */
    private static void confirmInOneSnapshot(Check check, String seen, String snapshot, List<String> moved) {
        if (snapshot == null) {
            moved.add(seen);
        } else {
            check.fail(seen + "; in one snapshot: " + snapshot);
        }
    }

    private static void logMoved(String what, List<String> moved) {
        if (!moved.isEmpty()) {
            ChaosSuite.log("  " + what + ": " + moved.stream().limit(3).toList());
        }
    }

    /**
     * The stock check for one product over a single statement's snapshot: on hand and reserved as stored against the
     * units of paid and of pending orders; null when they agree, else what was seen.
     */
    private String stockInOneSnapshot(String productId) throws Exception {
        try (Connection c = cluster.database.connect(Database.NAME);
                java.sql.PreparedStatement st = c.prepareStatement("""
                        select s.on_hand, s.reserved,
                               coalesce(sum(i.quantity) filter (where o.status = 'paid'), 0) as sold,
                               coalesce(sum(i.quantity) filter (where o.status = 'pending_payment'), 0) as pending
                          from stock s
                          left join order_items i on i.product_id = s.product_id
                          left join orders o on o.id = i.order_id
                         where s.product_id = cast(? as uuid)
                         group by s.on_hand, s.reserved""")) {
            st.setString(1, productId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return "no stock row";
                }
                long onHand = rs.getLong("on_hand");
                long reserved = rs.getLong("reserved");
                long expectOnHand = Workload.ON_HAND - rs.getLong("sold");
                long expectReserved = rs.getLong("pending");
                return onHand == expectOnHand && reserved == expectReserved ? null
                        : stockSeen(onHand, expectOnHand, reserved, expectReserved);
            }
        }
    }

    /**
     * The email check for one order and kind over a single statement's snapshot: its emails of that kind against its
     * facts (one order confirmation, its succeeded refunds, its packages); null when there are no more emails than
     * facts, else what was seen.
     */
    private String emailsInOneSnapshot(String orderId, String kind) throws Exception {
        try (Connection c = cluster.database.connect(Database.NAME);
                java.sql.PreparedStatement st = c.prepareStatement("""
                        select (select count(*) from notifications n
                                 where n.order_id = cast(? as uuid) and n.kind = ?) as emails,
                               case ?
                                   when 'refund_confirmation' then (select count(*) from refunds r
                                            where r.order_id = cast(? as uuid) and r.status = 'succeeded')
                                   when 'shipping_confirmation' then (select count(*) from shipments s
                                            where s.order_id = cast(? as uuid))
                                   else 1 end as facts""")) {
            st.setString(1, orderId);
            st.setString(2, kind);
            st.setString(3, kind);
            st.setString(4, orderId);
            st.setString(5, orderId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                long emails = rs.getLong("emails");
                long facts = rs.getLong("facts");
                return emails <= facts ? null : emails + " emails for " + facts + " facts";
            }
        }
    }

    private static String stockSeen(long onHand, long expectOnHand, long reserved, long expectReserved) {
        return "on hand " + onHand + " (expected " + expectOnHand + "), reserved " + reserved + " (expected "
                + expectReserved + ")";
    }

    private Map<String, JsonObject> orders() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int page = 0;; page++) {
            Http.Answer a = shop.get("/api/admin/orders?size=200&page=" + page, true);
            JsonArray items = a.object().getAsJsonArray("items");
            items.forEach(e -> ids.add(text(e.getAsJsonObject(), "id")));
            if (items.size() < 200) {
                break;
            }
        }
        Map<String, JsonObject> byId = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (String id : ids) {
                reads.add(pool.submit(() -> byId.put(id, shop.get("/api/admin/orders/" + id, true).object())));
            }
            for (Future<?> f : reads) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return new LinkedHashMap<>(byId);
    }

    private Map<String, JsonObject> stripeList(String path) {
        Map<String, JsonObject> all = new LinkedHashMap<>();
        String after = null;
        while (true) {
            Http.Answer a = Http.get(cluster.stripeUrl + path + "?limit=100" + (after == null ? "" : "&starting_after=" + after),
                    Map.of("Authorization", "Bearer " + Cluster.SECRET_KEY));
            if (!a.ok()) {
                throw new IllegalStateException(path + ": " + a.status() + " " + a.body());
            }
            JsonArray data = a.object().getAsJsonArray("data");
            for (JsonElement e : data) {
                JsonObject o = e.getAsJsonObject();
                all.put(text(o, "id"), o);
                after = text(o, "id");
            }
            if (!a.object().get("has_more").getAsBoolean() || data.isEmpty()) {
                return all;
            }
        }
    }

    // dev.checkstand.order.CaptureDue -> CaptureDue; a listener id keeps its method: Authorizations.on(CaptureDue).
    private static String simpleName(String name) {
        return name == null ? null : name.replaceAll("\\b[a-z][a-z0-9_]*\\.", "");
    }

    /** How many timeline entries of {@code type} the order has. */
    // With manual capture Stripe lets a held card be released: a customer's cancel that reached Stripe just after their
    // authorization (its read of the PaymentIntent came first) released the hold the order had taken meanwhile. The
    // order then ends canceled as asked, nothing taken, and says so: `authorization_released` for `customer_canceled`.
    private static boolean releasedByTheCancel(JsonObject o) {
        return "canceled".equals(text(o, "status")) && o.get("amountPaid").getAsLong() == 0
                && array(o, "timeline").asList().stream().map(JsonElement::getAsJsonObject)
                        .anyMatch(t -> "authorization_released".equals(text(t, "type")) && t.has("data")
                                && t.get("data").isJsonObject()
                                && "customer_canceled".equals(text(t.getAsJsonObject("data"), "reason")));
    }

    static long entries(JsonObject order, String type) {
        long n = 0;
        for (JsonElement t : array(order, "timeline")) {
            if (type.equals(text(t.getAsJsonObject(), "type"))) {
                n++;
            }
        }
        return n;
    }

    /** PaymentIntents as "id status received/capturable", for examples. */
    static String describe(List<JsonObject> pis) {
        return pis.stream().map(pi -> text(pi, "id") + " " + text(pi, "status") + " " + pi.get("amount_received")
                + "/" + pi.get("amount_capturable")).toList().toString();
    }

    static JsonArray array(JsonObject o, String field) {
        return o.has(field) && o.get(field).isJsonArray() ? o.getAsJsonArray(field) : new JsonArray();
    }

    static String text(JsonObject o, String field) {
        return o != null && o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : null;
    }
}
