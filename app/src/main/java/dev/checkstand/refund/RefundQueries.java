package dev.checkstand.refund;

import dev.checkstand.common.OrderId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only questions about refunds, for the views and the reconciliation audit. */
@Service
@Transactional(readOnly = true)
public class RefundQueries {

    private final Refunds refunds;

    RefundQueries(Refunds refunds) {
        this.refunds = refunds;
    }

    /** Every refund of the order, oldest first. */
    public List<Refund> refundsOf(OrderId orderId) {
        return refunds.of(orderId);
    }

    /** Money Stripe has accepted to return (pending, requiring action or succeeded), per payment attempt. */
    public Map<UUID, Long> returnedByAttempt(Collection<UUID> attemptIds) {
        return refunds.returnedByAttempt(attemptIds);
    }

    /** Up to {@code limit} refunds written before {@code olderThan} that Stripe has still not answered. */
    public List<UUID> stuckCreating(Instant olderThan, int limit) {
        return refunds.creatingSince(olderThan, limit);
    }
}
