package dev.checkstand.admin;

import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.OrderSearch;
import dev.checkstand.order.Source;
import dev.checkstand.payment.OrphanedPayment;
import dev.checkstand.payment.PaymentCancellation;
import dev.checkstand.payment.PaymentQueries;
import dev.checkstand.payment.PaymentSync;
import dev.checkstand.refund.RefundQueries;
import dev.checkstand.common.InvalidRequest;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin order views and operations. */
@RestController
class AdminOrderController {

    private static final Set<String> STATUSES = Set.of("pending_payment", "paid", "canceled");
    private static final Set<String> PAYMENT_STATUSES = Set.of("unpaid", "processing", "paid", "partially_refunded",
            "refunded");

    private final OrderManagement orders;
    private final PaymentQueries payments;
    private final PaymentSync sync;
    private final PaymentCancellation cancellation;
    private final OrderSearch search;
    private final RefundQueries refunds;

    AdminOrderController(OrderManagement orders, PaymentQueries payments, PaymentSync sync,
            PaymentCancellation cancellation, OrderSearch search, RefundQueries refunds) {
        this.orders = orders;
        this.payments = payments;
        this.sync = sync;
        this.cancellation = cancellation;
        this.search = search;
        this.refunds = refunds;
    }

    @GetMapping("/api/admin/orders")
    OrderPage orders(@RequestParam(required = false) String status, @RequestParam(required = false) String paymentStatus,
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        if (status != null && !STATUSES.contains(status)) {
            throw InvalidRequest.of("status", "must be one of " + STATUSES);
        }
        if (paymentStatus != null && !PAYMENT_STATUSES.contains(paymentStatus)) {
            throw InvalidRequest.of("paymentStatus", "must be one of " + PAYMENT_STATUSES);
        }
        if (page < 0 || size < 1 || size > 200) {
            throw InvalidRequest.of("size", "page must be >= 0 and size 1-200");
        }
        String query = q == null || q.isBlank() ? null : q.trim();
        OrderId matched = query == null ? null
                : payments.orderOfPaymentIntent(query).or(() -> payments.orderOfCheckoutSession(query)).orElse(null);
        return new OrderPage(search.page(status, paymentStatus, query, matched, page, size), page, size,
                search.count(status, paymentStatus, query, matched));
    }

    @GetMapping("/api/admin/orders/{orderId}")
    AdminOrderView order(@PathVariable UUID orderId) {
        return view(OrderId.of(orderId));
    }

    @PostMapping("/api/admin/orders/{orderId}/sync")
    AdminOrderView sync(@PathVariable UUID orderId) {
        OrderId id = OrderId.of(orderId);
        orders.details(id);
        sync.syncOrder(id, Source.ADMIN);
        return view(id);
    }

    @PostMapping("/api/admin/orders/{orderId}/cancel")
    AdminOrderView cancel(@PathVariable UUID orderId) {
        OrderId id = OrderId.of(orderId);
        cancellation.cancelOrder(id, Source.ADMIN);
        return view(id);
    }

    @GetMapping("/api/admin/orphaned-payments")
    List<OrphanedPayment> orphanedPayments() {
        return payments.orphanedPayments();
    }

    record OrderPage(List<OrderSearch.Row> items, int page, int size, long total) {
    }

    private AdminOrderView view(OrderId id) {
        return AdminOrderView.of(orders.details(id), payments.attemptsOf(id), refunds.refundsOf(id));
    }
}
