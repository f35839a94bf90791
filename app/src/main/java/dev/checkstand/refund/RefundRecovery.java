package dev.checkstand.refund;

import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.platform.ProviderBackoff;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Repeats refund calls Stripe has not answered (invariant 6): every refund still {@code creating} whose retry is due
 * is requested again with its own idempotency key, so Stripe returns the refund if the first call reached it. Work is
 * claimed with {@code FOR UPDATE SKIP LOCKED} and leased, so several instances share it. While Stripe keeps failing
 * (its circuit breaker open) nothing is claimed: the refunds wait until Stripe is tried again.
 */
@Component
class RefundRecovery {

    private final Refunds refunds;
    private final RefundCalls calls;
    private final PaymentGateway gateway;
    private final Clock clock;
    private final ProviderBackoff backoff = new ProviderBackoff("Refund recovery", "Stripe");

    RefundRecovery(Refunds refunds, RefundCalls calls, PaymentGateway gateway, Clock clock) {
        this.refunds = refunds;
        this.calls = calls;
        this.gateway = gateway;
        this.clock = clock;
    }

    /** One pass over every refund due; returns how many were handled. */
    int runOnce() {
        int handled = 0;
        List<UUID> claimed;
        do {
            if (backoff.skip(gateway.failingFastFor())) {
                return handled;
            }
            Instant now = clock.instant();
            claimed = refunds.claimCreating(now, now.plus(calls.lease()), 20);
            for (UUID refundId : claimed) {
                handled++;
                calls.call(refundId);
            }
        } while (claimed.size() == 20);
        return handled;
    }
}
