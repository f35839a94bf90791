package dev.checkstand.reconciliation;

import dev.checkstand.payment.GatewayResult;
import dev.checkstand.payment.PaymentGateway;
import dev.checkstand.payment.PaymentProviderUnavailable;
import dev.checkstand.payment.PaymentIntentSnapshot;
import dev.checkstand.payment.RefundSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Audits local state against Stripe for a time window: succeeded PaymentIntents with no paid order, paid orders
 * whose PaymentIntent did not succeed, refund totals that differ, attempts or refunds stuck in {@code creating},
 * reservations active past their expiry, and orphaned payments. Stripe is read with list calls (100 objects each).
 */
@Service
public class ReconciliationAudit {

    /** Work younger than this may still be in flight and is not reported as stuck. */
    private static final Duration IN_FLIGHT = Duration.ofMinutes(5);
    private static final int EXAMPLES = 10;

    private final PaymentGateway gateway;
    private final LocalState local;
    private final Clock clock;

    ReconciliationAudit(PaymentGateway gateway, LocalState local, Clock clock) {
        this.gateway = gateway;
        this.local = local;
        this.clock = clock;
    }

    /** Audits [from, to]; throws {@link PaymentProviderUnavailable} when Stripe cannot be read. */
    public Report run(Instant from, Instant to) {
        Instant now = clock.instant();
        List<PaymentIntentSnapshot> intents = read(gateway.listPaymentIntents(from, to), "PaymentIntents");
        Map<String, PaymentIntentSnapshot> byId = intents.stream()
                .collect(Collectors.toMap(PaymentIntentSnapshot::id, pi -> pi, (a, b) -> a));
        Map<String, List<String>> found = new LinkedHashMap<>();
        List<String> succeeded = intents.stream().filter(pi -> "succeeded".equals(pi.status())).map(PaymentIntentSnapshot::id).toList();
        Map<String, String> orderStatus = local.orderStatusByPaymentIntent(succeeded);
        found.put("succeeded_payment_without_paid_order",
                succeeded.stream().filter(id -> !"paid".equals(orderStatus.get(id))).toList());
        Map<String, String> paid = local.paidOrdersByPaymentIntent(from, to);
        found.put("paid_order_without_succeeded_payment", paid.entrySet().stream()
                .filter(e -> byId.containsKey(e.getKey()) && !"succeeded".equals(byId.get(e.getKey()).status()))
                .map(Map.Entry::getValue).toList());
        found.put("refund_total_mismatch", refundMismatches(from, to, succeeded));
        found.put("attempt_stuck_creating", local.attemptsStuckCreating(now.minus(IN_FLIGHT)));
        found.put("refund_stuck_creating", local.refundsStuckCreating(now.minus(IN_FLIGHT)));
        found.put("reservation_active_past_expiry", local.reservationsPastExpiry(now.minus(IN_FLIGHT)));
        found.put("orphaned_payment", local.orphanedPayments());
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, List<String>> examples = new LinkedHashMap<>();
        found.forEach((kind, ids) -> {
            counts.put(kind, ids.size());
            examples.put(kind, ids.stream().limit(EXAMPLES).toList());
        });
        boolean clean = counts.values().stream().allMatch(n -> n == 0);
        return new Report(from, to, now, clean, intents.size(), counts, examples);
    }

    // Stripe's refunds in the window, grouped by PaymentIntent, against what this service counts for them.
    private List<String> refundMismatches(Instant from, Instant to, List<String> succeeded) {
        List<RefundSnapshot> refunds = read(gateway.listRefunds(from, to.plus(Duration.ofDays(1))), "Refunds");
        Map<String, Long> atStripe = new HashMap<>();
        refunds.stream()
                .filter(r -> r.paymentIntentId() != null && Set.of("pending", "requires_action", "succeeded").contains(r.status()))
                .forEach(r -> atStripe.merge(r.paymentIntentId(), r.amount(), Long::sum));
        List<String> ids = new ArrayList<>(atStripe.keySet());
        succeeded.stream().filter(id -> !atStripe.containsKey(id)).forEach(ids::add);
        Map<String, Long> ours = local.refundedByPaymentIntent(ids);
        return ids.stream()
                .filter(id -> ours.containsKey(id) || atStripe.containsKey(id))
                .filter(id -> !ours.getOrDefault(id, 0L).equals(atStripe.getOrDefault(id, 0L)))
                .sorted()
                .toList();
    }

    private static <T> List<T> read(GatewayResult<List<T>> result, String what) {
        if (result instanceof GatewayResult.Succeeded<List<T>> ok) {
            return ok.value();
        }
        throw new PaymentProviderUnavailable("could not list " + what + " from Stripe");
    }

    /** The audit of one window: counts of mismatches by kind, with up to ten example ids of each. */
    public record Report(Instant from, Instant to, Instant generatedAt, boolean clean, int paymentIntentsChecked,
            Map<String, Integer> counts, Map<String, List<String>> examples) {
    }
}
