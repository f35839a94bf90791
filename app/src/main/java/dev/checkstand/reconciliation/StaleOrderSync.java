package dev.checkstand.reconciliation;

import dev.checkstand.common.EmailMask;
import dev.checkstand.common.LogContext;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.PaymentQueries;
import dev.checkstand.payment.PaymentSync;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Re-reads from Stripe, in bounded batches, the pending orders nobody has heard about for a while, and applies what
 * Stripe says through the one transition. Each order keeps how often and when it was re-read.
 */
@Service
public class StaleOrderSync {

    private static final Logger log = LoggerFactory.getLogger(StaleOrderSync.class);

    private final OrderManagement orders;
    private final PaymentQueries queries;
    private final PaymentSync sync;
    private final ReconciliationSettings settings;
    private final Clock clock;
    private final ReconciliationMetrics metrics;

    StaleOrderSync(OrderManagement orders, PaymentQueries queries, PaymentSync sync, ReconciliationSettings settings,
            Clock clock, ReconciliationMetrics metrics) {
        this.orders = orders;
        this.queries = queries;
        this.sync = sync;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Re-reads up to one batch of pending orders older than {@code staleBefore}. */
    public Result run(Instant staleBefore) {
        int synced = 0;
        int failed = 0;
        int skipped = 0;
        List<OrderId> claimed = orders.claimStalePending(staleBefore, settings.staleBatch());
        for (OrderId orderId : claimed) {
            List<PaymentAttempt> attempts = queries.attemptsOf(orderId);
            if (attempts.stream().allMatch(a -> a.paymentIntentId() == null && a.checkoutSessionId() == null)) {
                skipped++;
                continue;
            }
            try (LogContext.Scope scope = LogContext.order(orderId)) {
                if (reread(orderId)) {
                    synced++;
                } else {
                    failed++;
                }
            }
        }
        Result result = new Result(synced, failed, skipped);
        metrics.synced(result);
        return result;
    }

    private boolean reread(OrderId orderId) {
        try {
            sync.syncOrder(orderId, Source.RECONCILER);
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not re-read pending order {} from Stripe: {}", orderId, EmailMask.in(e.getMessage()));
            return false;
        }
    }

    /** The scheduled pass: orders not re-read for the configured time. */
    public Result runScheduled() {
        return run(clock.instant().minus(settings.staleAfter()));
    }

    /** Orders re-read, orders Stripe could not be asked about, orders with nothing at Stripe yet. */
    public record Result(int synced, int failed, int skipped) {
    }
}
