package dev.checkstand.notification;

import dev.checkstand.common.EmailMask;
import dev.checkstand.common.LogContext;
import dev.checkstand.common.OrderId;
import dev.checkstand.fulfillment.ShipmentSent;
import dev.checkstand.order.OrderDetails;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.OrderPaid;
import dev.checkstand.order.PlacedOrderCanceled;
import dev.checkstand.platform.AfterCommit;
import dev.checkstand.platform.BatchedModuleListener;
import dev.checkstand.platform.WrittenBeforeCommit;
import dev.checkstand.refund.RefundSucceeded;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes one email per fact. Each event comes through the event publication registry, so a listener that fails or
 * whose instance dies runs again — as does one published twice; the fact's key is unique, so running again writes
 * nothing and sends nothing. The email is sent once the row is committed; the job sends it if that does not happen.
 * The listeners run many to a transaction ({@link BatchedModuleListener}): one runs for nearly every order, and the
 * emails of a transaction are written by one statement just before it commits.
 */
@Component
class CustomerEmails {

    private static final Logger log = LoggerFactory.getLogger(CustomerEmails.class);

    private final Notifications notifications;
    private final EmailTemplates templates;
    private final OrderManagement orders;
    private final EmailDelivery delivery;
    private final Executor executor;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    CustomerEmails(Notifications notifications, EmailTemplates templates, OrderManagement orders,
            EmailDelivery delivery, @Qualifier("applicationTaskExecutor") Executor executor, Clock clock,
            PlatformTransactionManager transactions) {
        this.notifications = notifications;
        this.templates = templates;
        this.orders = orders;
        this.delivery = delivery;
        this.executor = executor;
        this.clock = clock;
        this.ownTransaction = WrittenBeforeCommit.ownTransaction(transactions);
    }

    @BatchedModuleListener
    void on(OrderPaid paid) {
        write(paid.orderId(), Notification.Kind.ORDER_CONFIRMATION, "order:" + paid.orderId().value() + ":confirmation",
                details -> templates.orderConfirmation(details, paid.authorizedOnly() ? paid.amount() : null));
    }

    @BatchedModuleListener
    void on(PlacedOrderCanceled canceled) {
        write(canceled.orderId(), Notification.Kind.ORDER_CANCELED, "order:" + canceled.orderId().value() + ":canceled",
                details -> templates.orderCanceled(details, canceled.reason()));
    }

    @BatchedModuleListener
    void on(RefundSucceeded refund) {
        write(refund.orderId(), Notification.Kind.REFUND_CONFIRMATION, "refund:" + refund.refundId() + ":confirmation",
                details -> templates.refundConfirmation(details, refund.amount()));
    }

    @BatchedModuleListener
    void on(ShipmentSent shipment) {
        write(shipment.orderId(), Notification.Kind.SHIPPING_CONFIRMATION,
                "shipment:" + shipment.shipmentId() + ":confirmation",
                details -> templates.shippingConfirmation(details, shipment));
    }

    private void write(OrderId orderId, Notification.Kind kind, String factKey,
            Function<OrderDetails, EmailTemplates.Rendered> render) {
        // No lookup first: the insert skips a fact that has its email already (a re-run), which costs that rare
        // re-run a rendering and saves every first run a round trip.
        OrderDetails details = orders.detailsWithoutTimeline(orderId);
        try (LogContext.Scope scope = LogContext.order(orderId, details.order().number())) {
            write(details, kind, factKey, render);
        }
    }

    private void write(OrderDetails details, Notification.Kind kind, String factKey,
            Function<OrderDetails, EmailTemplates.Rendered> render) {
        OrderId orderId = details.order().id();
        EmailTemplates.Rendered rendered = render.apply(details);
        Email email = new Email(UUID.randomUUID(), orderId, kind, factKey, details.order().email(), rendered.subject(),
                rendered.text(), rendered.html());
        boolean send = delivery.canSend();
        Notifications.New row = new Notifications.New(email, send ? Notification.Status.PENDING
                : Notification.Status.STORED, clock.instant());
        // What follows, once the row is committed, is told now: it keeps this order's log context.
        Written written = send
                ? new Written(row, executor, LogContext.carried(() -> delivery.sendNow(email.id())))
                : new Written(row, Runnable::run, LogContext.carried(() -> log.info("Kept {} {} for order {} to {}: no"
                        + " mail server is configured", kind.wire(), email.id(), details.order().number(),
                        EmailMask.of(email.to()))));
        // A transaction's emails are written by one insert just before it commits.
        WrittenBeforeCommit.write(this, List.of(written), this::insert, ownTransaction);
    }

    private void insert(List<Written> emails) {
        Set<UUID> inserted = notifications.insertNew(emails.stream().map(Written::row).toList());
        for (Written email : emails) {
            if (inserted.contains(email.row().email().id())) {
                AfterCommit.execute(email.executor(), email.then());
            }
        }
    }

    /** An email to write, and what follows once it is written and committed: sending it, or saying it is kept. */
    private record Written(Notifications.New row, Executor executor, Runnable then) {
    }
}
