package dev.checkstand.payment;

import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import dev.checkstand.platform.ProviderBackoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finishes or compensates PaymentIntents and Checkout Sessions left half-created (invariant 6), like Kill Bill's
 * janitor: attempts still {@code creating} are created again with their own idempotency key (Stripe returns the
 * object if the first call reached it), and stopped at Stripe when their order can no longer be paid. Work is claimed
 * with {@code FOR UPDATE SKIP LOCKED}, so several instances share it. While Stripe keeps failing (its circuit breaker
 * open) nothing is claimed: the attempts wait, their backoff not lengthened, until Stripe is tried again.
 */
@Component
class PaymentRecovery {

    private static final Logger log = LoggerFactory.getLogger(PaymentRecovery.class);

    private final PaymentAttempts attempts;
    private final AttemptCompletion completion;
    private final RecoverySettings settings;
    private final TransactionTemplate transactions;
    private final PaymentGateway gateway;
    private final Clock clock;
    private final ProviderBackoff backoff = new ProviderBackoff("Payment recovery", "Stripe");

    PaymentRecovery(PaymentAttempts attempts, AttemptCompletion completion, RecoverySettings settings,
            TransactionTemplate transactions, PaymentGateway gateway, Clock clock) {
        this.attempts = attempts;
        this.completion = completion;
        this.settings = settings;
        this.transactions = transactions;
        this.gateway = gateway;
        this.clock = clock;
    }

    /** Runs by the {@code payment-recovery} job, unless recovery is switched off. */
    void scheduled() {
        if (settings.enabled()) {
            runOnce();
        }
    }

    /** One recovery pass over every attempt due; returns how many were handled. */
    int runOnce() {
        int handled = 0;
        List<UUID> claimed;
        do {
            if (backoff.skip(gateway.failingFastFor())) {
                return handled;
            }
            Instant now = clock.instant();
            claimed = transactions.execute(tx -> attempts.claimStaleCreating(now, now.minus(settings.grace()),
                    now.plus(settings.grace()), 20));
            for (UUID attemptId : claimed) {
                handled++;
                recoverAttempt(attemptId);
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
            attempts.recoverAt(attemptId, clock.instant().plus(backoff));
        } catch (PaymentProviderRejected e) {
            log.info("Recovery of payment attempt {}: Stripe refused it; its order was canceled", attemptId);
        }
    }
}
