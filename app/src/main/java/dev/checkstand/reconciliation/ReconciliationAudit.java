package dev.checkstand.reconciliation;

import dev.checkstand.common.OrderId;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Audits local state against Stripe for a time window: succeeded PaymentIntents with no paid order, paid orders
 * whose PaymentIntent did not succeed, payments to be returned (duplicates, payments after cancel) that Stripe has
 * not refunded in full, refund totals that differ, attempts or refunds stuck in {@code creating}, reservations active
 * past their expiry, orphaned payments, and authorizations Stripe and the service see differently (capture on
 * fulfillment). Stripe is read with list calls (100 objects each).
 */
@Service
public class ReconciliationAudit {

    /** Every kind of mismatch a report counts, in the report's order. */
    public static final List<String> KINDS = List.of("succeeded_payment_without_paid_order",
            "paid_order_without_succeeded_payment", "returned_payment_not_refunded", "refund_total_mismatch",
            "attempt_stuck_creating", "refund_stuck_creating", "reservation_active_past_expiry", "orphaned_payment",
            "authorization_mismatch");

    /** Work younger than this may still be in flight and is not reported as stuck. */
    private static final Duration IN_FLIGHT = Duration.ofMinutes(5);
    private static final int EXAMPLES = 10;
    private static final Set<String> RETURNED = Set.of("pending", "requires_action", "succeeded");

    private final PaymentGateway gateway;
    private final LocalBooks local;
    private final Clock clock;

    ReconciliationAudit(PaymentGateway gateway, LocalBooks local, Clock clock) {
        this.gateway = gateway;
        this.local = local;
        this.clock = clock;
    }

    /** Audits [from, to]; throws {@link PaymentProviderUnavailable} when Stripe cannot be read. */
    public Report run(Instant from, Instant to) {
        Instant now = clock.instant();
        List<PaymentIntentSnapshot> intents = gateway.listPaymentIntents(from, to)
                .orElseUnavailable("could not list PaymentIntents from Stripe");
        Map<String, PaymentIntentSnapshot> byId = intents.stream()
                .collect(Collectors.toMap(PaymentIntentSnapshot::id, pi -> pi, (a, b) -> a));
        List<String> succeeded = intents.stream().filter(pi -> "succeeded".equals(pi.status()))
                .map(PaymentIntentSnapshot::id).toList();
        Map<String, Long> atStripe = refundedAtStripe(from, to);
        Set<String> ids = new HashSet<>(succeeded);
        ids.addAll(atStripe.keySet());
        intents.stream().filter(pi -> "requires_capture".equals(pi.status())).map(PaymentIntentSnapshot::id)
                .forEach(ids::add);
        Map<String, PaymentAttempt> authorizedHere = local.authorizedAttempts(byId.keySet());
        ids.addAll(authorizedHere.keySet());
        Map<String, PaymentAttempt> attempts = local.attempts(ids);
        Map<OrderId, String> orderStatus = local.orderStatuses(attempts.values().stream()
                .map(PaymentAttempt::orderId).collect(Collectors.toSet()));
        Map<String, List<String>> found = new LinkedHashMap<>();
        found.put("succeeded_payment_without_paid_order", succeeded.stream()
                .filter(id -> !accountedFor(attempts.get(id), orderStatus))
                .toList());
        Map<String, String> paid = local.paidOrdersByPaymentIntent(from, to);
        found.put("paid_order_without_succeeded_payment", paid.entrySet().stream()
                .filter(e -> byId.containsKey(e.getKey()) && !"succeeded".equals(byId.get(e.getKey()).status()))
                .map(Map.Entry::getValue).toList());
        found.put("returned_payment_not_refunded", succeeded.stream()
                .filter(id -> attempts.containsKey(id) && toReturn(attempts.get(id)))
                .filter(id -> atStripe.getOrDefault(id, 0L) < attempts.get(id).amountReceived())
                .sorted()
                .toList());
        found.put("refund_total_mismatch", refundMismatches(ids, attempts, atStripe));
        found.put("attempt_stuck_creating", local.attemptsStuckCreating(now.minus(IN_FLIGHT)));
        found.put("refund_stuck_creating", local.refundsStuckCreating(now.minus(IN_FLIGHT)));
        found.put("reservation_active_past_expiry", local.reservationsPastExpiry(now.minus(IN_FLIGHT)));
        found.put("orphaned_payment", local.orphanedPayments());
        found.put("authorization_mismatch", authorizationMismatches(intents, attempts, authorizedHere));
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, List<String>> examples = new LinkedHashMap<>();
        found.forEach((kind, list) -> {
            counts.put(kind, list.size());
            examples.put(kind, list.stream().limit(EXAMPLES).toList());
        });
        boolean clean = counts.values().stream().allMatch(n -> n == 0);
        return new Report(from, to, now, clean, intents.size(), counts, examples);
    }

    // A card held at Stripe (requires_capture) that no order holds here, and an order holding an authorization whose
    // PaymentIntent Stripe no longer holds: either way the two disagree about money that may yet be taken.
    private static List<String> authorizationMismatches(List<PaymentIntentSnapshot> intents,
            Map<String, PaymentAttempt> attempts, Map<String, PaymentAttempt> authorizedHere) {
        Set<String> mismatched = new java.util.TreeSet<>();
        for (PaymentIntentSnapshot pi : intents) {
            boolean heldThere = "requires_capture".equals(pi.status());
            PaymentAttempt attempt = attempts.get(pi.id());
            boolean heldHere = attempt != null && attempt.holdsAuthorization();
            if (heldThere != heldHere && (heldThere || authorizedHere.containsKey(pi.id()))) {
                mismatched.add(pi.id());
            }
        }
        return List.copyOf(mismatched);
    }

    // A succeeded payment is accounted for when it paid its order, or when it is one to return (a duplicate of a paid
    // order, or money that came after a cancel): returned_payment_not_refunded watches those.
    private static boolean accountedFor(PaymentAttempt attempt, Map<OrderId, String> orderStatus) {
        return attempt != null && ("paid".equals(orderStatus.get(attempt.orderId())) || toReturn(attempt));
    }

    private static boolean toReturn(PaymentAttempt attempt) {
        return attempt.status() == PaymentAttempt.Status.DUPLICATE
                || attempt.status() == PaymentAttempt.Status.SUCCEEDED_AFTER_CANCEL;
    }

    // Stripe's refunds created in the window (and a day after it), summed by PaymentIntent.
    private Map<String, Long> refundedAtStripe(Instant from, Instant to) {
        Map<String, Long> atStripe = new HashMap<>();
        gateway.listRefunds(from, to.plus(Duration.ofDays(1))).orElseUnavailable("could not list Refunds from Stripe")
                .stream()
                .filter(r -> r.paymentIntentId() != null && RETURNED.contains(r.status()))
                .forEach(r -> atStripe.merge(r.paymentIntentId(), r.amount(), Long::sum));
        return atStripe;
    }

    // What Stripe returned against what this service counts, for every PaymentIntent with refunds on either side.
    private List<String> refundMismatches(Set<String> ids, Map<String, PaymentAttempt> attempts,
            Map<String, Long> atStripe) {
        Map<String, Long> ours = local.refundedByPaymentIntent(attempts.values());
        return ids.stream()
                .filter(id -> ours.containsKey(id) || atStripe.containsKey(id))
                .filter(id -> !ours.getOrDefault(id, 0L).equals(atStripe.getOrDefault(id, 0L)))
                .sorted()
                .toList();
    }

    /** The audit of one window: counts of mismatches by kind, with up to ten example ids of each. */
    public record Report(Instant from, Instant to, Instant generatedAt, boolean clean, int paymentIntentsChecked,
            Map<String, Integer> counts, Map<String, List<String>> examples) {
    }
}
