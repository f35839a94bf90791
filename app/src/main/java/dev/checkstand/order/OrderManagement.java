package dev.checkstand.order;

import dev.checkstand.common.Money;
import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.common.ProductId;
import dev.checkstand.inventory.Inventory;
import dev.checkstand.platform.BatchReads;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The order module's API. State changes run under the order's row lock, append to the timeline, and move the
 * reservation with the order, all in the caller's transaction.
 */
@Service
public class OrderManagement {

    // How many of an order's tokens stay valid: the first checkout's and those of its newest repeats.
    static final int TOKENS_KEPT = 50;
    private static final int MAX_TOKEN_LENGTH = 256;

    private final Orders orders;
    private final OrderTimeline timeline;
    private final Inventory inventory;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OrderManagement(Orders orders, OrderTimeline timeline, Inventory inventory,
            ApplicationEventPublisher events, Clock clock) {
        this.orders = orders;
        this.timeline = timeline;
        this.inventory = inventory;
        this.events = events;
        this.clock = clock;
    }

    /** The order placed for a checkout id, if any. */
    @Transactional(readOnly = true)
    public Optional<Order> placedFor(String checkoutId) {
        return orders.byCheckoutId(checkoutId);
    }

    /**
     * Places a pending order for a checkout, or returns the order already placed under its checkout id. Racing
     * callers wait on the unique checkout id, so exactly one of them places the order. Each answer with the order's
     * content carries a fresh {@link OrderToken}, the customer's proof (see {@link #holdsToken}).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Placement place(NewOrder request) {
        Optional<Order> existing = orders.byCheckoutId(request.checkoutId());
        if (existing.isPresent()) {
            return placedBefore(existing.get(), request);
        }
        Instant now = clock.instant();
        Order order = Order.pending(OrderId.of(UUID.randomUUID()), orders.nextNumber(), request, now);
        if (!orders.insertIfNewCheckout(order)) {
            return placedBefore(orders.byCheckoutId(request.checkoutId()).orElseThrow(), request);
        }
        orders.insertItems(order.id(), request.items());
        timeline.append(order, now, "created", Source.CHECKOUT,
                Map.of("number", order.number(), "total", order.total().amount(), "currency", order.total().currency()));
        return new Placement.Placed(order, issueToken(order.id()));
    }

    // The token is known only when it is issued and is stored only as a hash, so a repeated checkout cannot be given
    // the first answer's token again: it is given a further one, and every issued token stays valid (the newest
    // TOKENS_KEPT of them), so racing or retried requests all end with a working token. This grants nothing new: a
    // repeat needs the checkout id (the client's secret idempotency key) and the very same content (email, address,
    // items, URLs), and its answer already carries the Checkout Session id (itself proof) or the PaymentIntent's
    // client secret. A checkout id reused with other content gets no token.
    private Placement placedBefore(Order order, NewOrder request) {
        if (!order.checkoutFingerprint().equals(request.checkoutFingerprint())) {
            return new Placement.Conflicting(order);
        }
        return new Placement.AlreadyPlaced(order, issueToken(order.id()));
    }

    private OrderToken issueToken(OrderId orderId) {
        OrderToken token = OrderToken.random();
        orders.addTokenHash(orderId, token.hash(), clock.instant(), TOKENS_KEPT);
        return token;
    }

    /**
     * Whether {@code presented} is one of the tokens issued for the order (compared by SHA-256 hash, in constant
     * time); false for an unknown order, a missing token, or one no checkout of this order answered with.
     */
    @Transactional(readOnly = true)
    public boolean holdsToken(OrderId orderId, String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        byte[] hash = OrderToken.hash(presented);
        boolean held = false;
        for (byte[] stored : orders.tokenHashes(orderId)) {
            held |= MessageDigest.isEqual(stored, hash);
        }
        return held;
    }

    /** Reads an order without locking it. */
    @Transactional(readOnly = true)
    public Optional<Order> find(OrderId id) {
        return orders.byId(id);
    }

    /** The order with its items and timeline. */
    @Transactional(readOnly = true)
    public OrderDetails details(OrderId id) {
        OrderDetails details = orders.withItems(id)
                .orElseThrow(() -> new NotFound("order_not_found", "No order " + id));
        return new OrderDetails(details.order(), details.items(), timeline.of(id));
    }

    /**
     * The order with its items and an empty timeline, one query fewer: for work that needs only what was bought (an
     * email, a fulfillment request), done for every paid order. Read once per batch of listener runs, which the paid
     * order's email and fulfillment listeners usually share ({@link BatchReads}); the details returned must not be
     * changed.
     */
    @Transactional(readOnly = true)
    public OrderDetails detailsWithoutTimeline(OrderId id) {
        return BatchReads.shared(Orders.detailsKey(id), () -> orders.withItems(id)
                .orElseThrow(() -> new NotFound("order_not_found", "No order " + id)));
    }

    /**
     * The given orders as {@link #detailsWithoutTimeline(OrderId)} has them, the ones a batch of listener runs does
     * not keep yet read by one statement and kept for it: for a batch's preparer, ahead of runs that each read one.
     * Unknown ids are absent.
     */
    @Transactional(readOnly = true)
    public Map<OrderId, OrderDetails> detailsWithoutTimeline(Collection<OrderId> ids) {
        return BatchReads.sharedAll(ids, Orders::detailsKey, orders::withItems);
    }

    /**
     * Locks the given orders by one statement (in id order) for a transaction that is about to change each of them one
     * after the other, as the payments of a batch of stored events do; the commands that follow find each locked and
     * read, and read it again only if asked twice. Orders are locked after their payment attempts, as always.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockAhead(List<OrderId> ids) {
        if (!ids.isEmpty()) {
            orders.lockAhead(ids);
        }
    }

    /**
     * Receives a succeeded payment of {@code received} for the order, under its row lock: a pending order becomes
     * paid — its reservation committed, one "paid" entry, {@link OrderPaid} published in the same transaction; a paid
     * or canceled order stays as it is and is flagged ({@code duplicate_payment}, {@code paid_after_cancel}) with a
     * timeline entry. Call it once per payment: the caller knows whether this payment was applied before.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentApplied applyPayment(OrderId orderId, Money received, Source source, Map<String, ?> data) {
        return take(orderId, received, false, source, data);
    }

    /**
     * Takes an authorization of {@code authorized} for the order (capture on fulfillment), under its row lock: a
     * pending order is placed with its payment authorized — its reservation committed, one "authorized" entry,
     * {@link OrderPaid} (authorized only) published in the same transaction; a placed or canceled order stays as it
     * is and is flagged, and the authorization is to be released. Call it once per authorization.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentApplied authorize(OrderId orderId, Money authorized, Source source, Map<String, ?> data) {
        return take(orderId, authorized, true, source, data);
    }

    // The order takes money received, or (authorizedOnly) held on the card: placed with one "paid" or "authorized"
    // entry, its reservation committed and OrderPaid published; or refused as a duplicate or too late, and flagged.
    private PaymentApplied take(OrderId orderId, Money money, boolean authorizedOnly, Source source,
            Map<String, ?> data) {
        Order order = lock(orderId);
        Instant now = clock.instant();
        PaymentApplied applied = authorizedOnly ? order.authorize(money) : order.applyPayment(money, now);
        orders.update(order, now);
        applied.fold(placed -> {
            inventory.commit(order.id());
            timeline.append(order, now, authorizedOnly ? "authorized" : "paid", source, data);
            if (placed.amountMismatch()) {
                timeline.append(order, now, "flagged", source, Map.of("reason", "amount_mismatch",
                        "expected", order.total().amount(), authorizedOnly ? "authorized" : "received", money.amount(),
                        "currency", money.currency()));
            }
            events.publishEvent(new OrderPaid(order.id(), money, authorizedOnly));
            return null;
        }, duplicate -> {
            timeline.append(order, now, "flagged", source, withReason("duplicate_payment", data));
            return null;
        }, late -> {
            timeline.append(order, now, "flagged", source, withReason("paid_after_cancel", data));
            return null;
        });
        return applied;
    }

    /**
     * Records the capture of the order's authorization: {@code captured} taken, the rest of what was authorized
     * released; one "paid" entry saying both, and {@link OrderCaptured}. False, and nothing recorded, when the order
     * holds no authorization.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean recordCapture(OrderId orderId, Money captured, Source source, Map<String, ?> data) {
        Order order = lock(orderId);
        Instant now = clock.instant();
        long authorized = order.amountAuthorized();
        if (!order.capture(captured.amount(), now)) {
            return false;
        }
        orders.update(order, now);
        Map<String, Object> entry = new LinkedHashMap<>(data);
        entry.put("amount", captured.amount());
        entry.put("authorized", authorized);
        entry.put("released", Math.max(0, authorized - captured.amount()));
        timeline.append(order, now, "paid", source, entry);
        events.publishEvent(new OrderCaptured(orderId, captured));
        return true;
    }

    /**
     * Records that the order's authorization was released without a capture ({@code reason} says why): the placed
     * order is canceled, its units go back to stock unless they were made (in production or later),
     * {@link PlacedOrderCanceled} is published; flagged {@code authorization_released} unless an admin or the
     * customer released it. False when the order holds no authorization.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean recordAuthorizationReleased(OrderId orderId, String reason, Source source, Map<String, ?> data) {
        Order order = lock(orderId);
        Instant now = clock.instant();
        if (!order.releaseAuthorization(now)) {
            return false;
        }
        // An admin's or the customer's own decision needs no attention; any other release does.
        boolean flagged = !"admin".equals(reason) && !"customer_canceled".equals(reason)
                && order.flag("authorization_released");
        orders.update(order, now);
        // Units made (in production or later) are not back on the shelf; those never made are.
        if (!CAPTURING.contains(order.fulfillmentStatus())) {
            for (OrderDetails.Item item : orders.items(orderId)) {
                inventory.restock(orderId, ProductId.of(item.productId()), item.quantity());
            }
        }
        Map<String, Object> entry = new LinkedHashMap<>(data);
        entry.put("reason", reason);
        timeline.append(order, now, "authorization_released", source, entry);
        if (flagged) {
            timeline.append(order, now, "flagged", source, withReason("authorization_released", data));
        }
        timeline.append(order, now, "canceled", source, Map.of("reason", "authorization_released"));
        events.publishEvent(new PlacedOrderCanceled(orderId, reason));
        return true;
    }

    /** Records that an asynchronous payment is processing; nothing is recorded when it already was. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordProcessing(OrderId orderId, Source source, Map<String, ?> data) {
        Order order = lock(orderId);
        Instant now = clock.instant();
        if (order.markProcessing()) {
            orders.update(order, now);
            timeline.append(order, now, "payment_processing", source, data);
        }
    }

    /** Records a failed payment attempt; the order stays payable and keeps its reservation. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordPaymentFailed(OrderId orderId, Source source, Map<String, ?> data) {
        Order order = lock(orderId);
        Instant now = clock.instant();
        if (order.markPaymentFailed()) {
            orders.update(order, now);
        }
        timeline.append(order, now, "payment_failed", source, data);
    }

    /** Flags the order for an admin; a reason already flagged is not recorded again. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void flag(OrderId orderId, String reason, Source source, Map<String, ?> data) {
        Order order = lock(orderId);
        Instant now = clock.instant();
        if (order.flag(reason)) {
            orders.update(order, now);
            timeline.append(order, now, "flagged", source, withReason(reason, data));
        }
    }

    /** Clears a flag whose cause was resolved, with a timeline entry; nothing happens when it was not flagged. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void clearFlag(OrderId orderId, String reason, Source source, Map<String, ?> data) {
        Order order = lock(orderId);
        Instant now = clock.instant();
        if (order.unflag(reason)) {
            orders.update(order, now);
            timeline.append(order, now, "flag_cleared", source, withReason(reason, data));
        }
    }

    /**
     * Records a fulfillment change as a timeline entry of {@code type} and sets the order's fulfillment status to
     * {@code status} (the fulfillment module keeps it moving forward only); the order's version moves even when the
     * status stays (a further package), so its live status stream sends the news.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordFulfillment(OrderId orderId, String status, String type, Source source, Map<String, ?> data) {
        recordFulfillment(orderId, status, type, source, data, null);
    }

    /**
     * As above, with the quantities the provider holds by our line number ({@code making}, lines counted from 1 in
     * the order's item order; null when it did not say). An order holding an authorization whose fulfillment is now
     * certain — in production or later, or canceled by the provider — has {@link CaptureDue} published: for the
     * lines the provider is making and the shipping charged; lines it makes fewer of than were bought get one
     * "items_not_fulfilled" entry and their units go back to stock.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordFulfillment(OrderId orderId, String status, String type, Source source, Map<String, ?> data,
            Map<Integer, Integer> making) {
        Instant now = clock.instant();
        Order order = changeFulfillment(orderId, status, type, source, data, null, now);
        if (order.paymentStatus() != Order.PaymentStatus.AUTHORIZED) {
            return;
        }
        if ("canceled".equals(status)) {
            events.publishEvent(new CaptureDue(orderId, status, 0));
        } else if (CAPTURING.contains(status)) {
            events.publishEvent(new CaptureDue(orderId, status, toCapture(order, making, source, now)));
        }
    }

    /**
     * Records a fulfillment that cannot go on without an admin — {@code status} and an entry of {@code type}, as
     * {@link #recordFulfillment(OrderId, String, String, Source, Map)} — and flags the order with {@code flagReason} in
     * the same change: one update of the order, then its entries (the fulfillment's, then "flagged" unless it was
     * already flagged for that reason). Not for a status that moves money (capture, cancellation).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordFulfillmentFlagged(OrderId orderId, String status, String type, String flagReason, Source source,
            Map<String, ?> data) {
        if ("canceled".equals(status) || CAPTURING.contains(status)) {
            throw new IllegalArgumentException("A fulfillment " + status + " moves money: use recordFulfillment");
        }
        changeFulfillment(orderId, status, type, source, data, flagReason, clock.instant());
    }

    // The order's fulfillment status set, flagged for flagReason unless null, in one update; its entry, and "flagged"
    // after it when the flag is new, by one insert. In a batch of listener runs that has the order already (a paid
    // order's email and fulfillment read it), the order as the batch has it is changed and written unless another
    // transaction changed it since (its version); otherwise it is read again under lock and changed.
    private Order changeFulfillment(OrderId orderId, String status, String type, Source source, Map<String, ?> data,
            String flagReason, Instant now) {
        Order order = orders.kept(orderId).orElse(null);
        boolean flagged = order != null && setFulfillment(order, status, flagReason);
        if (order == null || !orders.updateIfUnchanged(order, now)) {
            order = lock(orderId);
            flagged = setFulfillment(order, status, flagReason);
            orders.update(order, now);
        }
        if (flagged) {
            timeline.append(order, now, source, type, data, "flagged", withReason(flagReason, data));
        } else {
            timeline.append(order, now, type, source, data);
        }
        return order;
    }

    // What the provider makes of the order: its lines at their prices, with the shipping charged. Not said (null), or
    // none of our lines in production (nothing can be concluded from that): all of it. Units it does not make are
    // recorded once, and returned to stock then.
    private long toCapture(Order order, Map<Integer, Integer> making, Source source, Instant now) {
        if (making == null) {
            return order.amountAuthorized();
        }
        List<OrderDetails.Item> items = orders.items(order.id());
        long made = 0;
        Map<String, Object> missing = new LinkedHashMap<>();
        Map<ProductId, Integer> unmade = new LinkedHashMap<>();
        for (int line = 1; line <= items.size(); line++) {
            OrderDetails.Item item = items.get(line - 1);
            int quantity = Math.min(item.quantity(), making.getOrDefault(line, 0));
            made += quantity * item.unitAmount();
            if (quantity < item.quantity()) {
                missing.merge(item.sku(), item.quantity() - quantity, (a, b) -> (Integer) a + (Integer) b);
                unmade.merge(ProductId.of(item.productId()), item.quantity() - quantity, Integer::sum);
            }
        }
        if (made == 0) {
            return order.amountAuthorized();
        }
        if (!missing.isEmpty() && timeline.of(order.id()).stream().noneMatch(e -> "items_not_fulfilled".equals(e.type()))) {
            timeline.append(order, now, "items_not_fulfilled", source, Map.of("quantities", missing));
            unmade.forEach((product, quantity) -> inventory.restock(order.id(), product, quantity));
        }
        return Math.min(made + order.shipping().amount(), order.amountAuthorized());
    }

    /**
     * Fulfillment statuses that make an authorized order's fulfillment certain, so its payment is captured: the
     * provider started production (it can no longer be canceled there and the shop pays for it), or shipped.
     */
    public static final java.util.Set<String> CAPTURING = java.util.Set.of("in_production", "partially_shipped",
            "shipped");

    /**
     * Cancels a pending order and releases its stock. Only call once its payments can no longer succeed
     * (invariant 5); a paid order refuses.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Order.Cancellation cancel(OrderId orderId, Source source, Map<String, ?> data) {
        Order order = lock(orderId);
        Instant now = clock.instant();
        Order.Cancellation outcome = order.cancel(now);
        if (outcome == Order.Cancellation.CANCELED) {
            inventory.release(order.id());
            orders.update(order, now);
            timeline.append(order, now, "canceled", source, data);
        }
        return outcome;
    }

    /** Records the money returned so far on a paid order (refunds Stripe accepted and that have not failed). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordRefundedTotal(OrderId orderId, long amountRefunded) {
        Order order = lock(orderId);
        if (order.refunded(amountRefunded)) {
            orders.update(order, clock.instant());
        }
    }

    /**
     * Extends a pending order's stock hold to at least {@code until}, reservations included, and returns the order
     * as it then is; a paid or canceled order is returned unchanged.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Order extendHold(OrderId orderId, Instant until, Source source) {
        Order order = lock(orderId);
        if (order.extendHold(until)) {
            inventory.extend(order.id(), until);
            orders.update(order, clock.instant());
            timeline.append(order, clock.instant(), "hold_extended", source, Map.of("until", until.toString()));
        }
        return order;
    }

    // Every state change reads the order under its row lock, for the rest of the caller's transaction.
    private Order lock(OrderId id) {
        return orders.lock(id).orElseThrow(() -> new NotFound("order_not_found", "No order " + id));
    }

    /** Claims pending orders whose stock hold has run out, each leased to the caller until {@code leaseUntil}. */
    @Transactional
    public java.util.List<OrderId> claimExpiredHolds(Instant leaseUntil, int limit) {
        return orders.claimExpiredHolds(clock.instant(), leaseUntil, limit);
    }

    /** Claims up to {@code limit} pending orders not re-read from Stripe since {@code staleBefore}. */
    @Transactional
    public java.util.List<OrderId> claimStalePending(Instant staleBefore, int limit) {
        return orders.claimStalePending(clock.instant(), staleBefore, limit);
    }

    /** Looks at an expired hold again no earlier than {@code at} (its payment is still settling, or Stripe was down). */
    @Transactional
    public void checkExpiryAgainAt(OrderId id, Instant at) {
        orders.checkExpiryAgainAt(id, at);
    }

    /** The current status and version of each of the given orders (unknown ids are absent). */
    @Transactional(readOnly = true)
    public java.util.List<StatusVersion> statuses(java.util.Collection<OrderId> ids) {
        return orders.statuses(ids);
    }

    /** The number of every order paid in [from, to], by order. */
    @Transactional(readOnly = true)
    public Map<OrderId, String> paidBetween(Instant from, Instant to) {
        return orders.paidBetween(from, to);
    }

    /** An order's status fields with the version they belong to. */
    public record StatusVersion(OrderId orderId, String status, String paymentStatus, String fulfillmentStatus,
            int version) {
    }

    /** Records something that happened to the order without changing its state (a refund created, for example). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void note(OrderId orderId, String type, Source source, Map<String, ?> data) {
        timeline.append(orderId, clock.instant(), type, source, data);
    }

    // The fulfillment status set, and the order flagged for flagReason unless null; whether the flag is new.
    private static boolean setFulfillment(Order order, String status, String flagReason) {
        order.fulfillment(status);
        return flagReason != null && order.flag(flagReason);
    }

    private static Map<String, Object> withReason(String reason, Map<String, ?> data) {
        Map<String, Object> result = new java.util.LinkedHashMap<>(data);
        result.put("reason", reason);
        return result;
    }

    /** The outcome of placing an order for a checkout. */
    public sealed interface Placement {

        Order order();

        /** This call placed the order; the token is the customer's proof of owning it. */
        record Placed(Order order, OrderToken token) implements Placement {
        }

        /** An order with the same content was placed before under the checkout id; the token is a further proof. */
        record AlreadyPlaced(Order order, OrderToken token) implements Placement {
        }

        /** The checkout id was used before for an order with different content; no token is issued. */
        record Conflicting(Order order) implements Placement {
        }
    }
}
