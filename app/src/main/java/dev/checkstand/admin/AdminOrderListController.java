package dev.checkstand.admin;

import dev.checkstand.common.InvalidRequest;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderSearch;
import dev.checkstand.payment.PaymentQueries;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The admin's order list: newest first, filtered, and searched by number, email, PaymentIntent or session id. */
@RestController
class AdminOrderListController {

    private static final Set<String> STATUSES = Set.of("pending_payment", "paid", "canceled");
    private static final Set<String> PAYMENT_STATUSES = Set.of("unpaid", "processing", "authorized", "paid",
            "partially_refunded", "refunded");

    private final OrderSearch search;
    private final PaymentQueries payments;

    AdminOrderListController(OrderSearch search, PaymentQueries payments) {
        this.search = search;
        this.payments = payments;
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
        if (q != null && q.length() > 254) {
            throw InvalidRequest.of("q", "must be at most 254 characters (an order number, email or payment id)");
        }
        String query = q == null || q.isBlank() ? null : q.trim();
        OrderId matched = query == null ? null
                : payments.orderOfPaymentIntent(query).or(() -> payments.orderOfCheckoutSession(query)).orElse(null);
        return new OrderPage(search.page(status, paymentStatus, query, matched, page, size), page, size,
                search.count(status, paymentStatus, query, matched));
    }

    record OrderPage(List<OrderSearch.Row> items, int page, int size, long total) {
    }
}
