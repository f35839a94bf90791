package dev.checkstand.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finishes or compensates Stripe calls left half-done (invariant 6), like Kill Bill's janitor: payment attempts
 * still {@code creating} are created again with their own idempotency key (Stripe returns the PaymentIntent if the
 * first call reached it), and canceled at Stripe when their order can no longer be paid; refunds still
 * {@code creating} are requested again with their key. Work is claimed with {@code FOR UPDATE SKIP LOCKED}, so
 * several instances share it.
 */
@Component
class PaymentRecovery {

    private static final Logger log = LoggerFactory.getLogger(PaymentRecovery.class);
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final PaymentAttempts attempts;
    private final Refunds refunds;
    private final RefundCalls refundCalls;
    private final AttemptCompletion completion;
    private final PaymentInfrastructure infra;

    PaymentRecovery(PaymentAttempts attempts, Refunds refunds, RefundCalls refundCalls, AttemptCompletion completion,
            PaymentInfrastructure infra) {
        this.attempts = attempts;
        this.refunds = refunds;
        this.refundCalls = refundCalls;
        this.completion = completion;
        this.infra = infra;
    }

    /** Runs by the {@code payment-recovery} job, unless recovery is switched off. */
    void scheduled() {
        if (completion.settings().enabled()) {
            runOnce();
        }
    }

    /** One recovery pass over everything due; returns how many items were handled. */
    int runOnce() {
        int handled = 0;
        List<UUID> claimed;
        do {
            Instant now = infra.clock().instant();
            claimed = infra.transactions().execute(tx -> attempts.claimStaleCreating(now,
                    now.minus(completion.settings().grace()), now.plus(LEASE), 20));
            for (UUID attemptId : claimed) {
                handled++;
                recoverAttempt(attemptId);
            }
        } while (claimed.size() == 20);
        do {
            Instant now = infra.clock().instant();
            claimed = infra.transactions().execute(tx -> refunds.claimCreating(now, now.plus(RefundCalls.LEASE), 20));
            for (UUID refundId : claimed) {
                handled++;
                refundCalls.call(refundId);
            }
        } while (claimed.size() == 20);
        return handled;
    }

    private void recoverAttempt(UUID attemptId) {
        try {
            completion.complete(attemptId);
        } catch (PaymentProviderUnavailable e) {
            int tries = attempts.recoveryAttempts(attemptId);
            Duration backoff = Duration.ofSeconds(Math.min(600, 1L << Math.min(tries, 9)));
            log.info("Recovery of payment attempt {} found Stripe unavailable; retrying in {}", attemptId, backoff);
            attempts.recoverAt(attemptId, infra.clock().instant().plus(backoff));
        } catch (PaymentProviderRejected e) {
            log.info("Recovery of payment attempt {}: Stripe refused it; its order was canceled", attemptId);
        }
    }
}
