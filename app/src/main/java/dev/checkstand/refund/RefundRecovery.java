package dev.checkstand.refund;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Repeats refund calls Stripe has not answered (invariant 6): every refund still {@code creating} whose retry is due
 * is requested again with its own idempotency key, so Stripe returns the refund if the first call reached it. Work is
 * claimed with {@code FOR UPDATE SKIP LOCKED} and leased, so several instances share it.
 */
@Component
class RefundRecovery {

    private final Refunds refunds;
    private final RefundCalls calls;
    private final Clock clock;

    RefundRecovery(Refunds refunds, RefundCalls calls, Clock clock) {
        this.refunds = refunds;
        this.calls = calls;
        this.clock = clock;
    }

    /** One pass over every refund due; returns how many were handled. */
    int runOnce() {
        int handled = 0;
        List<UUID> claimed;
        do {
            Instant now = clock.instant();
            claimed = refunds.claimCreating(now, now.plus(RefundCalls.LEASE), 20);
            for (UUID refundId : claimed) {
                handled++;
                calls.call(refundId);
            }
        } while (claimed.size() == 20);
        return handled;
    }
}
