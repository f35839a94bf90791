package dev.checkstand.seller;

import dev.checkstand.common.OrderId;
import dev.checkstand.common.Problem;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.PaymentCancellation;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * When a seller can no longer take charges, its checkouts still waiting for payment cannot be paid: each is canceled
 * (its payment canceled at Stripe, its stock released) instead of holding stock until its hold runs out. Orders paid
 * or with a payment settling are left as they are. Runs again from the event publication registry until done.
 */
@Component
class PendingSellerOrders {

    private static final Logger log = LoggerFactory.getLogger(PendingSellerOrders.class);
    // Longer than any stock hold: older pending orders are the expiry job's.
    private static final Duration LOOK_BACK = Duration.ofDays(2);

    private final Sellers sellers;
    private final SellerAccounts accounts;
    private final OrderManagement orders;
    private final PaymentCancellation cancellation;
    private final Clock clock;

    PendingSellerOrders(Sellers sellers, SellerAccounts accounts, OrderManagement orders,
            PaymentCancellation cancellation, Clock clock) {
        this.sellers = sellers;
        this.accounts = accounts;
        this.orders = orders;
        this.cancellation = cancellation;
        this.clock = clock;
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(SellerChargesDisabled disabled) {
        // Stripe may have enabled the account again meanwhile (then its checkouts go on): Stripe is asked, not the copy.
        Seller seller = sellers.byId(disabled.sellerId()).orElseThrow();
        SellerAccounts.Read read = accounts.reread(seller).orElseThrow(() -> new PaymentProviderUnavailable(
                "reading account " + seller.stripeAccountId() + " from Stripe"));
        if (read.account().chargesEnabled()) {
            return;
        }
        for (OrderId orderId : sellers.ordersSince(disabled.sellerId(), clock.instant().minus(LOOK_BACK))) {
            if (orders.find(orderId).map(Order::status).orElse(null) != Order.Status.PENDING_PAYMENT) {
                continue;
            }
            try {
                cancellation.cancelOrder(orderId, Source.SYSTEM, "abandoned");
                log.info("Order {} canceled: its seller {} cannot take payments", orderId, disabled.sellerId());
            } catch (PaymentProviderUnavailable unavailable) {
                // Stripe did not answer: the publication stays incomplete and all of this runs again.
                throw unavailable;
            } catch (Problem problem) {
                // Paid or settling meanwhile: the payment goes on as ever.
                log.info("Order {} of seller {} not canceled: {}", orderId, disabled.sellerId(), problem.getMessage());
            }
        }
    }
}
