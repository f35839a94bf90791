package dev.checkstand.seller;

import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderCaptured;
import dev.checkstand.order.OrderPaid;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.PaymentQueries;
import dev.checkstand.payment.gateway.ConnectGateway;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import dev.checkstand.refund.RefundSucceeded;
import java.time.Clock;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * Keeps each seller order's transfer as Stripe has it: read once the order is paid (or its authorization captured),
 * and again after each refund (which reverses part of it). Stripe is called outside any transaction; when it does not
 * answer, the event publication stays incomplete and is run again.
 */
@Component
class SellerTransfers {

    private final SellerOrders orders;
    private final PaymentQueries payments;
    private final ConnectGateway stripe;
    private final Clock clock;

    SellerTransfers(SellerOrders orders, PaymentQueries payments, ConnectGateway stripe, Clock clock) {
        this.orders = orders;
        this.payments = payments;
        this.stripe = stripe;
        this.clock = clock;
    }

    // Only a seller's order has a transfer: for any other, the condition (asked in the paying transaction) keeps the
    // registry from recording a publication and running this listener at all.
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED,
            condition = "@sellerOrders.isSellerOrder(#paid.orderId())")
    void on(OrderPaid paid) {
        if (!Boolean.TRUE.equals(paid.authorizedOnly())) {
            refresh(paid.orderId());
        }
    }

    // With capture on fulfillment, Stripe makes the transfer when the authorization is captured.
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(OrderCaptured captured) {
        refresh(captured.orderId());
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(RefundSucceeded refunded) {
        refresh(refunded.orderId());
    }

    /** Reads the order's transfer from Stripe and keeps it; nothing for an order that is not a seller's. */
    void refresh(OrderId orderId) {
        if (orders.of(orderId).isEmpty()) {
            return;
        }
        String paymentIntentId = payments.paidAttemptOf(orderId).map(PaymentAttempt::paymentIntentId).orElse(null);
        if (paymentIntentId == null) {
            return;
        }
        stripe.transferOf(paymentIntentId)
                .orElseThrow(failure -> new PaymentProviderUnavailable("reading the seller's transfer of order "
                        + orderId + ": " + failure.describe()))
                .ifPresent(transfer -> orders.recordTransfer(orderId, transfer, clock.instant()));
    }
}
