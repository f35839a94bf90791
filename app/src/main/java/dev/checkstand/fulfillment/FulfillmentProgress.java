package dev.checkstand.fulfillment;

import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.fulfillment.provider.ProviderCallFailed;
import dev.checkstand.fulfillment.provider.ProviderOrder;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderDetails;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change of a fulfillment, each in one transaction under the fulfillment's row lock: the row, the order's
 * fulfillment status and timeline, its flags, new shipments and their {@link ShipmentSent} events together. No
 * provider call happens in here; the worker and the webhook handler call first and bring what they learnt.
 */
@Service
class FulfillmentProgress {

    static final String BLOCKED_FLAG = "fulfillment_blocked";
    static final String FAILED_FLAG = "fulfillment_failed";
    static final String REFUNDED_AFTER_PRODUCTION_FLAG = "refunded_after_production";
    static final String CANCELED_FLAG = "fulfillment_canceled";
    static final String CANCEL_FAILED_FLAG = "fulfillment_cancel_failed";

    private final Fulfillments fulfillments;
    private final Shipments shipments;
    private final OrderManagement orders;
    private final FulfillmentRequests requests;
    private final FulfillmentSettings settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    private final FulfillmentMetrics metrics;

    FulfillmentProgress(Fulfillments fulfillments, Shipments shipments, OrderManagement orders,
            FulfillmentRequests requests, FulfillmentSettings settings, ApplicationEventPublisher events, Clock clock,
            FulfillmentMetrics metrics) {
        this.fulfillments = fulfillments;
        this.shipments = shipments;
        this.orders = orders;
        this.requests = requests;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Starts the paid order's fulfillment, once: pending (due now) when every item has a provider variant, otherwise
     * blocked and the order flagged with the products named. An order refunded in full before this ran is not
     * fulfilled at all. Returns whether a submission is now due.
     */
    @Transactional
    public boolean start(OrderId orderId, String provider) {
        // Started once: an order that has its fulfillment already (a listener run again) finds the insert refused.
        OrderDetails details = orders.detailsWithoutTimeline(orderId);
        Instant now = clock.instant();
        if (details.order().paymentStatus() == Order.PaymentStatus.REFUNDED) {
            if (fulfillments.insertIfNew(orderId, provider, details.order().number(), FulfillmentStatus.CANCELED,
                    List.of(), null, now)) {
                recordFulfillment(orderId, FulfillmentStatus.CANCELED.wire(), "fulfillment_canceled",
                        Source.SYSTEM, Map.of("reason", "refunded before submission"));
            }
            return false;
        }
        List<UUID> missing = requests.missingVariants(details);
        FulfillmentStatus status = missing.isEmpty() ? FulfillmentStatus.PENDING : FulfillmentStatus.BLOCKED;
        if (!fulfillments.insertIfNewExpected(orderId, provider, details.order().number(), status, missing,
                missing.isEmpty() ? now : null, now)) {
            return false;
        }
        if (missing.isEmpty()) {
            recordFulfillment(orderId, status.wire(), "fulfillment_queued", Source.SYSTEM,
                    Map.of("provider", provider, "externalId", details.order().number()));
            return true;
        }
        List<String> skus = FulfillmentRequests.skus(details, missing);
        recordBlocked(orderId, skus);
        return false;
    }

    /**
     * For a batch of listener runs about to {@link #start} the given orders' fulfillments one by one: their orders
     * with items, then their products, each read by one statement and kept for the batch's runs.
     */
    void readAhead(List<OrderId> orderIds) {
        requests.readAhead(orders.detailsWithoutTimeline(orderIds).values());
    }

    /**
     * Takes in the provider's order as just read or answered: status (forward only), new packages once each with
     * their {@code ShipmentSent}, flags raised or cleared. {@code source} says who brought it; {@code claim} is the
     * lease of the worker that called (its lease is given up), null for a webhook's or the sync's re-read. An order the
     * provider still means to make although it is canceled here (a create that landed after a refund's cancellation)
     * is canceled again, or flagged once production began.
     */
    @Transactional
    public void apply(OrderId orderId, ProviderOrder order, Source source, UUID claim) {
        Fulfillment f = lock(orderId);
        Instant now = clock.instant();
        FulfillmentStatus before = f.status();
        f.release(claim);
        boolean changed = f.apply(order, settings.confirm(), now);
        if (before == FulfillmentStatus.CANCELED) {
            stillMadeAfterCancel(f, order, now);
        }
        fulfillments.update(f, now, now);
        if (changed) {
            statusChanged(f, before, source, order);
        }
        recordShipments(f, order, source, now);
    }

    private void stillMadeAfterCancel(Fulfillment f, ProviderOrder order, Instant now) {
        FulfillmentStatus there = FulfillmentStatus.fromPrintful(order.status()).orElse(FulfillmentStatus.CANCELED);
        if (there == FulfillmentStatus.SUBMITTED) {
            f.requestCancel(now);
            orders.note(f.orderId(), "fulfillment_cancel_requested", Source.SYSTEM,
                    Map.of("reason", "the provider holds an order canceled here", "providerStatus", order.status()));
        } else if (there != FulfillmentStatus.CANCELED && there != FulfillmentStatus.FAILED) {
            orders.flag(f.orderId(), REFUNDED_AFTER_PRODUCTION_FLAG, Source.SYSTEM,
                    Map.of("providerStatus", order.status()));
        }
    }

    /** The submission could not be built: items lack a variant again (an admin removed it). */
    @Transactional
    public void blocked(OrderId orderId, List<UUID> missing, UUID claim) {
        Fulfillment f = lock(orderId);
        f.release(claim);
        if (f.status() != FulfillmentStatus.PENDING || f.cancelRequested()) {
            fulfillments.update(f, null, clock.instant());
            return;
        }
        f.block(missing);
        fulfillments.update(f, null, clock.instant());
        OrderDetails details = orders.details(orderId);
        List<String> skus = FulfillmentRequests.skus(details, missing);
        recordBlocked(orderId, skus);
    }

    /**
     * A provider call failed. Worth retrying and attempts left: tried again after the doubling delay, or after
     * what the provider asked for when that is longer. Otherwise the fulfillment is failed, the order flagged, the
     * error kept. A failed cancellation is retried in the same way, never fails the fulfillment, and flags the order
     * once it has been tried as often. A failure reported by a worker whose lease ran out changes nothing.
     */
    @Transactional
    public void callFailed(OrderId orderId, ProviderCallFailed failure, UUID claim) {
        Fulfillment f = lock(orderId);
        Instant now = clock.instant();
        if (!f.release(claim)) {
            return;
        }
        String error = failure.getMessage();
        if (f.cancelRequested()) {
            f.retryAt(now.plus(wait(failure, f.cancelAttempts())), error);
            fulfillments.update(f, null, now);
            if (f.cancelAttempts() == settings.maxAttempts()) {
                orders.flag(orderId, CANCEL_FAILED_FLAG, Source.SYSTEM, Map.of("error", error));
            }
            return;
        }
        if (f.status() != FulfillmentStatus.PENDING) {
            fulfillments.update(f, null, now); // moved on meanwhile (a webhook's re-read found it at the provider)
            return;
        }
        if (failure.worthRetrying() && f.attempts() < settings.maxAttempts()) {
            f.retryAt(now.plus(wait(failure, f.attempts())), error);
            fulfillments.update(f, null, now);
            return;
        }
        f.fail(error, now);
        fulfillments.update(f, null, now);
        Map<String, Object> data = Map.of("error", error, "attempts", f.attempts());
        recordFulfillment(orderId, f.status().wire(), "fulfillment_failed", Source.SYSTEM, data);
        orders.flag(orderId, FAILED_FLAG, Source.SYSTEM, data);
    }

    // The doubling wait after the attempts-th failure, or longer when the provider asked for longer.
    private Duration wait(ProviderCallFailed failure, int attempts) {
        Duration wait = settings.retryAfter(Math.max(attempts, 1));
        Duration asked = failure.retryAfter().orElse(Duration.ZERO);
        return asked.compareTo(wait) > 0 ? asked : wait;
    }

    /**
     * The worker gives up its lease without having called: nothing was due after all, or a cancellation was asked for
     * while it waited (that is due now instead).
     */
    @Transactional
    public void release(OrderId orderId, UUID claim) {
        Fulfillment f = lock(orderId);
        if (!f.release(claim)) {
            return;
        }
        if (f.status() != FulfillmentStatus.PENDING && !f.cancelRequested()) {
            f.retryAt(null, f.lastError());
        }
        fulfillments.update(f, null, clock.instant());
    }

    /** Whether a cancellation has been asked for since the worker claimed the fulfillment. */
    @Transactional(readOnly = true)
    public boolean cancelRequested(OrderId orderId) {
        return fulfillments.find(orderId).map(Fulfillment::cancelRequested).orElse(false);
    }

    /**
     * Nothing is paid for the order any more ({@code why}: refunded in full, or its authorization released): a
     * fulfillment the provider has not started is canceled (by the worker, at the provider, when a call may have
     * reached it); one in production or shipped is flagged for an admin. Returns whether the worker has a
     * cancellation to make.
     */
    @Transactional
    public boolean stop(OrderId orderId, String provider, String externalId, String why) {
        Instant now = clock.instant();
        if (fulfillments.insertIfNew(orderId, provider, externalId, FulfillmentStatus.CANCELED, List.of(), null, now)) {
            recordFulfillment(orderId, FulfillmentStatus.CANCELED.wire(), "fulfillment_canceled", Source.SYSTEM,
                    Map.of("reason", why + " before submission"));
            return false;
        }
        Fulfillment f = lock(orderId);
        if (f.cancelRequested()) {
            return false; // asked for before (this listener ran again, or another refund completed the total)
        }
        switch (f.status()) {
            case CANCELED -> {
                return false;
            }
            case PENDING, BLOCKED, FAILED, SUBMITTED -> {
                if (f.status() != FulfillmentStatus.SUBMITTED && !f.anyCallBegun()) {
                    canceled(f, f.status(), why + " before submission", now);
                    return false;
                }
                f.requestCancel(now);
                fulfillments.update(f, null, now);
                orders.note(orderId, "fulfillment_cancel_requested", Source.SYSTEM, Map.of("reason", why));
                return true;
            }
            default -> {
                orders.flag(orderId, REFUNDED_AFTER_PRODUCTION_FLAG, Source.SYSTEM,
                        Map.of("fulfillmentStatus", f.status().wire(), "reason", why));
                return false;
            }
        }
    }

    /** The provider canceled the order, or never had it: the fulfillment is canceled. */
    @Transactional
    public void canceledAtProvider(OrderId orderId, ProviderOrder order, UUID claim) {
        Fulfillment f = lock(orderId);
        Instant now = clock.instant();
        FulfillmentStatus before = f.status();
        f.release(claim);
        if (order != null) {
            f.apply(order, settings.confirm(), now);
        }
        canceled(f, before, order == null ? "the provider had no such order" : "canceled at the provider", now);
    }

    /** The provider refused to cancel (production began): the order is flagged for an admin. */
    @Transactional
    public void cancelRefused(OrderId orderId, ProviderOrder current, String error, UUID claim) {
        Fulfillment f = lock(orderId);
        Instant now = clock.instant();
        FulfillmentStatus before = f.status();
        f.release(claim);
        boolean changed = current != null && f.apply(current, settings.confirm(), now);
        f.cancelRefused(error);
        fulfillments.update(f, now, now);
        if (changed) {
            statusChanged(f, before, Source.SYSTEM, current);
        }
        if (current != null) {
            recordShipments(f, current, Source.SYSTEM, now);
        }
        orders.flag(orderId, REFUNDED_AFTER_PRODUCTION_FLAG, Source.SYSTEM,
                Map.of("fulfillmentStatus", f.status().wire(), "error", error));
    }

    /**
     * An admin (or a product fixed by one) submits a blocked or failed fulfillment again. A blocked one whose
     * products still lack a variant stays blocked: the answer names them. Throws {@link NotRetryable} for any other.
     * Its own transaction, so that one refusal among several resubmissions (a product fixed) undoes no other.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Resubmission resubmit(OrderId orderId, Source source) {
        Fulfillment f = fulfillments.lock(orderId).orElseThrow(() -> new NotRetryable("The order has no fulfillment"));
        if (f.cancelRequested() || f.status() != FulfillmentStatus.BLOCKED && f.status() != FulfillmentStatus.FAILED) {
            throw new NotRetryable("The fulfillment is " + f.status().wire() + "; only blocked or failed ones are"
                    + " submitted again");
        }
        OrderDetails details = orders.details(orderId);
        List<UUID> missing = requests.missingVariants(details);
        if (!missing.isEmpty()) {
            return new Resubmission(false, FulfillmentRequests.skus(details, missing));
        }
        Instant now = clock.instant();
        FulfillmentStatus before = f.status();
        f.resubmit(now);
        fulfillments.update(f, null, now);
        recordFulfillment(orderId, f.status().wire(), "fulfillment_resubmitted", source,
                Map.of("was", before.wire()));
        orders.clearFlag(orderId, before == FulfillmentStatus.BLOCKED ? BLOCKED_FLAG : FAILED_FLAG, source, Map.of());
        return new Resubmission(true, List.of());
    }

    /** Whether a resubmission went ahead, and otherwise which SKUs still lack a provider variant. */
    record Resubmission(boolean submitted, List<String> stillMissing) {
    }

    private void canceled(Fulfillment f, FulfillmentStatus before, String reason, Instant now) {
        f.canceled();
        fulfillments.update(f, null, now);
        if (before != FulfillmentStatus.CANCELED) {
            recordFulfillment(f.orderId(), FulfillmentStatus.CANCELED.wire(), "fulfillment_canceled",
                    Source.SYSTEM, Map.of("reason", reason));
        }
        orders.clearFlag(f.orderId(), BLOCKED_FLAG, Source.SYSTEM, Map.of("reason", reason));
    }

    // Every change of a fulfillment reaches the order (status and timeline) here, and is counted once it commits.
    // Blocked on products without a provider variant: the order's status, entry and flag in one change.
    private void recordBlocked(OrderId orderId, List<String> skus) {
        orders.recordFulfillmentFlagged(orderId, FulfillmentStatus.BLOCKED.wire(), "fulfillment_blocked", BLOCKED_FLAG,
                Source.SYSTEM, Map.of("missingVariantFor", skus));
        metrics.recorded("fulfillment_blocked");
    }

    // Any other change.
    private void recordFulfillment(OrderId orderId, String status, String type, Source source, Map<String, ?> data) {
        recordFulfillment(orderId, status, type, source, data, null);
    }

    // With what the provider said it is making, when it said: an order holding an authorization is captured for that.
    private void recordFulfillment(OrderId orderId, String status, String type, Source source, Map<String, ?> data,
            ProviderOrder provider) {
        orders.recordFulfillment(orderId, status, type, source, data, provider == null ? null : making(provider));
        metrics.recorded(type);
    }

    // The quantities the provider holds, by our line number (its items' external ids are <order number>-<line>, as
    // FulfillmentRequests sent them); null when none of its items names one of our lines (nothing can be concluded).
    private static Map<Integer, Integer> making(ProviderOrder provider) {
        Map<Integer, Integer> quantities = new HashMap<>();
        String prefix = provider.externalId() + "-";
        for (ProviderOrder.Item item : provider.items()) {
            String externalId = item.externalId();
            if (externalId != null && externalId.startsWith(prefix)
                    && externalId.substring(prefix.length()).matches("[1-9][0-9]{0,5}")) {
                quantities.merge(Integer.parseInt(externalId.substring(prefix.length())), item.quantity(), Integer::sum);
            }
        }
        return quantities.isEmpty() ? null : quantities;
    }

    private void statusChanged(Fulfillment f, FulfillmentStatus before, Source source, ProviderOrder provider) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", before.wire());
        data.put("providerStatus", f.providerStatus());
        if (f.providerOrderId() != null) {
            data.put("providerOrderId", f.providerOrderId());
        }
        recordFulfillment(f.orderId(), f.status().wire(), "fulfillment_" + f.status().wire(), source, data, provider);
        if (f.status() == FulfillmentStatus.FAILED) {
            orders.flag(f.orderId(), FAILED_FLAG, source, Map.of("providerStatus", f.providerStatus()));
        } else if (f.status() == FulfillmentStatus.CANCELED && !noMoneyKept(f.orderId())) {
            // Canceled at the provider (its support, the dashboard) while the customer's money is kept: nothing ships.
            // (An authorization held for it is released instead, by the order's CaptureDue of nothing.)
            orders.flag(f.orderId(), CANCELED_FLAG, source, Map.of("providerStatus", f.providerStatus()));
        } else if (before == FulfillmentStatus.FAILED) {
            orders.clearFlag(f.orderId(), FAILED_FLAG, source, Map.of("providerStatus", f.providerStatus()));
        }
    }

    // Each package once: its provider id is the key. Items are named by our SKU, through the provider's item ids.
    private void recordShipments(Fulfillment f, ProviderOrder order, Source source, Instant now) {
        if (order.shipments().isEmpty()) {
            return;
        }
        List<String> known = shipments.providerIds(f.orderId());
        Map<Long, String> skuByItem = new HashMap<>();
        order.items().forEach(item -> skuByItem.put(item.id(), item.sku()));
        for (ProviderOrder.Shipment shipment : order.shipments()) {
            if (shipment.id().isBlank() || known.contains(shipment.id())) {
                continue;
            }
            List<ShipmentSent.ShippedItem> items = new ArrayList<>();
            shipment.items().forEach(item -> items.add(new ShipmentSent.ShippedItem(
                    skuByItem.getOrDefault(item.itemId(), Long.toString(item.itemId())), item.quantity())));
            FulfillmentView.Shipment recorded = new FulfillmentView.Shipment(shipment.carrier(), shipment.service(),
                    shipment.trackingNumber(), shipment.trackingUrl(), shipment.shippedAt(), shipment.reshipment(),
                    items);
            UUID id = UUID.randomUUID();
            if (!shipments.insertIfNew(id, f.orderId(), shipment.id(), recorded, now)) {
                continue;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("carrier", String.valueOf(shipment.carrier()));
            data.put("trackingNumber", String.valueOf(shipment.trackingNumber()));
            data.put("reshipment", shipment.reshipment());
            recordFulfillment(f.orderId(), f.status().wire(), "shipment_sent", source, data, order);
            events.publishEvent(new ShipmentSent(f.orderId(), id, shipment.carrier(), shipment.service(),
                    shipment.trackingNumber(), shipment.trackingUrl(), shipment.shippedAt(), shipment.reshipment(),
                    items));
        }
    }

    private boolean noMoneyKept(OrderId orderId) {
        return orders.find(orderId).map(o -> o.paymentStatus() == Order.PaymentStatus.REFUNDED
                || o.paymentStatus() == Order.PaymentStatus.AUTHORIZED).orElse(false);
    }

    private Fulfillment lock(OrderId orderId) {
        return fulfillments.lock(orderId).orElseThrow(() -> new NotFound("fulfillment_not_found",
                "Order " + orderId + " has no fulfillment"));
    }

    /** 409 {@code fulfillment_not_retryable}: only a blocked or failed fulfillment is submitted again. */
    static final class NotRetryable extends dev.checkstand.common.Problem {

        NotRetryable(String detail) {
            super(409, "fulfillment_not_retryable", "Fulfillment not retryable", detail);
        }
    }
}
