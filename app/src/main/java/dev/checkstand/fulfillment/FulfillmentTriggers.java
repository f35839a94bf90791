package dev.checkstand.fulfillment;

import dev.checkstand.catalog.ProductChanged;
import dev.checkstand.common.LogContext;
import dev.checkstand.common.OrderId;
import dev.checkstand.fulfillment.provider.FulfillmentProvider;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.OrderPaid;
import dev.checkstand.order.PlacedOrderCanceled;
import dev.checkstand.order.Source;
import dev.checkstand.platform.AfterCommit;
import dev.checkstand.platform.BatchedModuleListener;
import dev.checkstand.platform.ListenerBatchPreparer;
import dev.checkstand.refund.RefundSucceeded;
import java.util.List;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * What sets fulfillment going, each through the event publication registry (a listener that fails, or whose instance
 * dies, runs again; each is idempotent): an order paid starts its fulfillment; a refund that leaves nothing paid
 * cancels it; a product given its provider variant releases the fulfillments blocked on it. Work due is done right
 * after commit, and by the job if that does not happen. The order's listeners run many to a transaction
 * ({@link BatchedModuleListener}): one runs for every paid order.
 */
@Component
class FulfillmentTriggers implements ListenerBatchPreparer {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FulfillmentTriggers.class);

    private final FulfillmentProgress progress;
    private final FulfillmentWorker worker;
    private final Fulfillments fulfillments;
    private final FulfillmentProvider provider;
    private final OrderManagement orders;

    FulfillmentTriggers(FulfillmentProgress progress, FulfillmentWorker worker, Fulfillments fulfillments,
            FulfillmentProvider provider, OrderManagement orders) {
        this.progress = progress;
        this.worker = worker;
        this.fulfillments = fulfillments;
        this.provider = provider;
        this.orders = orders;
    }

    /** A batch about to start fulfillments reads their orders and products by one statement each, ahead. */
    @Override
    public void prepare(List<Object> events) {
        List<OrderId> paid = events.stream().filter(OrderPaid.class::isInstance)
                .map(event -> ((OrderPaid) event).orderId()).toList();
        if (!paid.isEmpty()) {
            progress.readAhead(paid);
        }
    }

    @BatchedModuleListener
    void on(OrderPaid paid) {
        try (LogContext.Scope scope = LogContext.order(paid.orderId())) {
            if (progress.start(paid.orderId(), provider.name())) {
                workSoon(paid.orderId());
            }
        }
    }

    @BatchedModuleListener
    void on(RefundSucceeded refund) {
        try (LogContext.Scope scope = LogContext.order(refund.orderId())) {
            onRefund(refund);
        }
    }

    private void onRefund(RefundSucceeded refund) {
        Order order = orders.find(refund.orderId()).orElse(null);
        if (order == null || order.paymentStatus() != Order.PaymentStatus.REFUNDED) {
            log.debug("Refund {} leaves order {} {}: fulfillment goes on", refund.refundId(), refund.orderId(),
                    order == null ? "unknown" : order.paymentStatus().wire());
            return;
        }
        if (progress.stop(order.id(), provider.name(), order.number(), "refunded in full")) {
            workSoon(order.id());
        }
    }

    @BatchedModuleListener
    void on(PlacedOrderCanceled canceled) {
        try (LogContext.Scope scope = LogContext.order(canceled.orderId())) {
            Order order = orders.find(canceled.orderId()).orElseThrow();
            if (progress.stop(order.id(), provider.name(), order.number(), "authorization released")) {
                workSoon(order.id());
            }
        }
    }

    // Not batched: each resubmission is a transaction of its own, so that one refused undoes no other.
    @ApplicationModuleListener
    void on(ProductChanged changed) {
        for (OrderId orderId : fulfillments.blockedOn(changed.productId().value())) {
            try (LogContext.Scope scope = LogContext.order(orderId)) {
                if (progress.resubmit(orderId, Source.ADMIN).submitted()) {
                    workSoon(orderId);
                }
            } catch (FulfillmentProgress.NotRetryable e) {
                log.debug("Fulfillment of order {} is no longer blocked: {}", orderId, e.getMessage());
            }
        }
    }

    private void workSoon(OrderId orderId) {
        AfterCommit.execute(Runnable::run, () -> worker.runSoon(orderId));
    }
}
