package dev.checkstand.refund;

import dev.checkstand.common.LogContext;
import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.payment.DuplicatePaymentReceived;
import dev.checkstand.payment.PaymentSucceededAfterCancel;
import dev.checkstand.platform.AfterCommit;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Returns money that must not be kept: a second payment of a paid order, and a payment that arrived after its order
 * was canceled. Each event comes through the event publication registry, so a listener that fails or whose instance
 * dies runs again; the refund's key is derived from the attempt, so running again writes nothing new. Stripe is
 * called after the refund is committed; if that call never happens, the recovery job makes it.
 */
@Component
class PaymentReturns {

    private final Refunds refunds;
    private final RefundLedger ledger;
    private final RefundCalls calls;
    private final Executor executor;

    PaymentReturns(Refunds refunds, RefundLedger ledger, RefundCalls calls,
            @Qualifier("applicationTaskExecutor") Executor executor) {
        this.refunds = refunds;
        this.ledger = ledger;
        this.calls = calls;
        this.executor = executor;
    }

    @ApplicationModuleListener
    void on(DuplicatePaymentReceived duplicate) {
        returnInFull(duplicate.orderId(), duplicate.attemptId(), duplicate.amount(), "duplicate", "duplicate");
    }

    @ApplicationModuleListener
    void on(PaymentSucceededAfterCancel late) {
        returnInFull(late.orderId(), late.attemptId(), late.amount(), "requested_by_customer", "paid_after_cancel");
    }

    private void returnInFull(OrderId orderId, UUID attemptId, Money amount, String reason, String why) {
        try (LogContext.Scope scope = LogContext.order(orderId)) {
            refunds.lockOrder(orderId);
            ledger.returnInFull(orderId, attemptId, amount, reason, why)
                    .ifPresent(refund -> AfterCommit.execute(executor, () -> calls.callNow(refund.id())));
        }
    }
}
