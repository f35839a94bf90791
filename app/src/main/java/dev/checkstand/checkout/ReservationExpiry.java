package dev.checkstand.checkout;

import dev.checkstand.common.LogContext;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.OrderNotCancelable;
import dev.checkstand.payment.PaymentCancellation;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import dev.checkstand.platform.ProviderBackoff;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends stock holds that ran out (invariant 5): for each pending order past its hold, every payment that could still
 * succeed is first stopped at Stripe (PaymentIntent canceled as {@code abandoned}, Checkout Session expired), and
 * only when Stripe confirms is the order canceled and its stock released. A payment that succeeded at the last
 * moment makes the order paid instead; one still processing keeps the hold until it settles. Failures are retried.
 * While Stripe keeps failing (its circuit breaker open) no hold is claimed: the stock stays held until Stripe can
 * confirm the payment stopped.
 */
@Component
public class ReservationExpiry {

    private static final Logger log = LoggerFactory.getLogger(ReservationExpiry.class);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration SETTLING = Duration.ofMinutes(10);
    private static final Duration STRIPE_DOWN = Duration.ofMinutes(1);

    private final OrderManagement orders;
    private final PaymentCancellation cancellation;
    private final PaymentGateway gateway;
    private final Clock clock;
    private final ProviderBackoff backoff = new ProviderBackoff("Reservation expiry", "Stripe");

    ReservationExpiry(OrderManagement orders, PaymentCancellation cancellation, PaymentGateway gateway, Clock clock) {
        this.orders = orders;
        this.cancellation = cancellation;
        this.gateway = gateway;
        this.clock = clock;
    }

    /** One pass over every expired hold; returns how many orders were canceled. */
    public int runOnce() {
        int canceled = 0;
        List<OrderId> claimed;
        do {
            if (backoff.skip(gateway.failingFastFor())) {
                return canceled;
            }
            claimed = orders.claimExpiredHolds(clock.instant().plus(LEASE), 20);
            for (OrderId orderId : claimed) {
                if (expire(orderId)) {
                    canceled++;
                }
            }
        } while (claimed.size() == 20);
        return canceled;
    }

    private boolean expire(OrderId orderId) {
        try (LogContext.Scope scope = LogContext.order(orderId)) {
            return tryToExpire(orderId);
        }
    }

    private boolean tryToExpire(OrderId orderId) {
        try {
            cancellation.cancelOrder(orderId, Source.SYSTEM, "abandoned");
            log.info("Order {} held its stock past the hold: payment stopped at Stripe, order canceled", orderId);
            return true;
        } catch (OrderNotCancelable e) {
            orders.checkExpiryAgainAt(orderId, clock.instant().plus(SETTLING));
            log.info("Order {} is past its hold but {}; looking again later", orderId, e.getMessage());
        } catch (PaymentProviderUnavailable e) {
            orders.checkExpiryAgainAt(orderId, clock.instant().plus(STRIPE_DOWN));
            log.warn("Order {} is past its hold but Stripe could not confirm its payment stopped; retrying", orderId);
        }
        return false;
    }
}
