package dev.checkstand.refund;

import dev.checkstand.common.InvalidRequest;
import dev.checkstand.common.LogContext;
import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.common.Problem;
import dev.checkstand.common.ProductId;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import dev.checkstand.platform.ManualInterventions;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Admin refunds (invariant 4). Under the order's refund lock: refundable = amount received − every refund not failed
 * or canceled; the refund is written {@code creating} with its idempotency key (and any restock) before Stripe is
 * called; then Stripe is called with that key. The admin's {@code Idempotency-Key} makes a repeat return the same
 * refund; the same key with another body is refused.
 */
@Service
public class RefundRequests {

    private final Refunds refunds;
    private final RefundLedger ledger;
    private final RefundCalls calls;
    private final OrderManagement orders;
    private final TransactionTemplate transactions;
    private final ManualInterventions interventions;

    RefundRequests(Refunds refunds, RefundLedger ledger, RefundCalls calls, OrderManagement orders,
            ManualInterventions interventions,
            TransactionTemplate transactions) {
        this.refunds = refunds;
        this.ledger = ledger;
        this.calls = calls;
        this.orders = orders;
        this.transactions = transactions;
        this.interventions = interventions;
    }

    /** Refunds the order; the result says whether this call created the refund or found it by its key. */
    public Requested refund(OrderId orderId, String idempotencyKey, RefundRequest request) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw new IdempotencyKeyRequired();
        }
        Order order = orders.find(orderId).orElseThrow(() -> new NotFound("order_not_found", "No order " + orderId));
        try (LogContext.Scope scope = LogContext.order(orderId, order.number())) {
            return request(orderId, idempotencyKey, request);
        }
    }

    private Requested request(OrderId orderId, String idempotencyKey, RefundRequest request) {
        String key = "admin:" + orderId + ":" + idempotencyKey;
        String hash = hash(request);
        Requested requested = transactions.execute(tx -> {
            refunds.lockOrder(orderId);
            Optional<Refund> existing = refunds.byIdempotencyKey(key);
            if (existing.isPresent()) {
                if (!hash.equals(refunds.requestHash(existing.get().id()).orElse(null))) {
                    throw new IdempotencyKeyReused(idempotencyKey);
                }
                return new Requested(false, existing.get());
            }
            return new Requested(true, ledger.requestByAdmin(orderId, key, hash, restockJson(request), request));
        });
        if (requested.created()) {
            interventions.record("refund");
            // Its insert leased it to this request, so no claim: the recovery job cannot have taken it.
            calls.call(requested.refund().id());
        } else if (requested.refund().status() == Refund.Status.CREATING) {
            calls.callNow(requested.refund().id());
        }
        return new Requested(requested.created(), refunds.byId(requested.refund().id()).orElseThrow());
    }

    private static String restockJson(RefundRequest request) {
        return request.restockItems().stream()
                .map(i -> "{\"productId\":\"" + i.productId() + "\",\"quantity\":" + i.quantity() + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String hash(RefundRequest request) {
        String canonical = request.amount() + "|" + request.reason() + "|" + request.restockItems().stream()
                .sorted(java.util.Comparator.comparing(RefundRequest.Restock::productId))
                .map(i -> i.productId() + "x" + i.quantity())
                .collect(Collectors.joining(","));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An admin's refund: amount (null = all still refundable), reason and units returned to stock. */
    public record RefundRequest(Long amount, String reason, List<Restock> restockItems) {

        public RefundRequest {
            restockItems = restockItems == null ? List.of() : List.copyOf(restockItems);
            if (reason != null && !List.of("requested_by_customer", "duplicate", "fraudulent").contains(reason)) {
                throw InvalidRequest.of("reason", "must be requested_by_customer, duplicate or fraudulent");
            }
            if (restockItems.stream().map(Restock::productId).distinct().count() != restockItems.size()) {
                throw InvalidRequest.of("restockItems", "lists a product twice");
            }
        }

        /** Units of a product returned to stock. */
        public record Restock(ProductId productId, int quantity) {
        }
    }

    /** A refund and whether this request created it. */
    public record Requested(boolean created, Refund refund) {
    }

    static final class IdempotencyKeyRequired extends Problem {
        IdempotencyKeyRequired() {
            super(400, "idempotency_key_required", "Idempotency-Key required",
                    "Refunds need an Idempotency-Key header of 1-200 characters");
        }
    }

    static final class IdempotencyKeyReused extends Problem {
        IdempotencyKeyReused(String key) {
            super(409, "idempotency_key_reused", "Idempotency key reused",
                    "Idempotency-Key " + key + " was used for a different refund of this order");
        }
    }

    static final class OrderNotRefundable extends Problem {
        OrderNotRefundable(dev.checkstand.order.Order order) {
            super(409, "order_not_refundable", "Order not refundable",
                    order.paymentStatus() == dev.checkstand.order.Order.PaymentStatus.AUTHORIZED
                            ? "Order " + order.number() + " is authorized, not captured: nothing was taken to refund;"
                                    + " capture or release its authorization instead"
                            : "Order " + order.number() + " is " + order.status().wire() + ", not paid");
        }
    }

    static final class RefundExceedsRefundable extends Problem {
        private final long refundable;

        RefundExceedsRefundable(long amount, long refundable, String currency) {
            super(422, "refund_exceeds_refundable", "Refund exceeds refundable",
                    "A refund of " + dev.checkstand.common.MoneyFormat.format(dev.checkstand.common.Money.of(amount, currency))
                            + " is more than the " + dev.checkstand.common.MoneyFormat.format(
                                    dev.checkstand.common.Money.of(refundable, currency)) + " still refundable");
            this.refundable = refundable;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("refundable", refundable);
        }
    }

    static final class RestockExceedsSold extends Problem {
        RestockExceedsSold(ProductId productId, int quantity) {
            super(422, "restock_exceeds_sold", "Restock exceeds sold",
                    "Cannot restock " + quantity + " of product " + productId + ": more than sold and not yet restocked");
        }
    }
}
