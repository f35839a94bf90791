package dev.checkstand.admin;

import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.OrphanedPayment;
import dev.checkstand.payment.PaymentCancellation;
import dev.checkstand.payment.PaymentQueries;
import dev.checkstand.payment.PaymentSync;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin order views and operations on one order. */
@RestController
class AdminOrderController {

    private final OrderManagement orders;
    private final PaymentQueries payments;
    private final PaymentSync sync;
    private final PaymentCancellation cancellation;
    private final AdminOrderViews views;

    AdminOrderController(OrderManagement orders, PaymentQueries payments, PaymentSync sync,
            PaymentCancellation cancellation, AdminOrderViews views) {
        this.orders = orders;
        this.payments = payments;
        this.sync = sync;
        this.cancellation = cancellation;
        this.views = views;
    }

    @ApiResponse(responseCode = "200", description = "The order as an admin sees it", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "order_not_found")
    @GetMapping("/api/admin/orders/{orderId}")
    AdminOrderView order(@PathVariable UUID orderId) {
        return view(OrderId.of(orderId));
    }

    @ApiResponse(responseCode = "200", description = "The order after its payments and refunds were re-read from Stripe",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "order_not_found; payment_not_found: Stripe does not know one of "
            + "its payments")
    @ApiResponse(responseCode = "502", description = "payment_provider_rejected: Stripe's answer lacks what applying "
            + "it needs")
    @ApiResponse(responseCode = "503", description = "payment_provider_unavailable: Stripe did not answer; retry")
    @PostMapping("/api/admin/orders/{orderId}/sync")
    AdminOrderView sync(@PathVariable UUID orderId) {
        OrderId id = OrderId.of(orderId);
        orders.details(id);
        sync.syncOrder(id, Source.ADMIN);
        return view(id);
    }

    @ApiResponse(responseCode = "200", description = "The canceled order, its stock released",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "order_not_found")
    @ApiResponse(responseCode = "409", description = "order_not_cancelable: a payment succeeded or is still settling")
    @ApiResponse(responseCode = "503", description = "payment_provider_unavailable: Stripe could not confirm the "
            + "payment stopped; nothing was canceled, retry")
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

    private AdminOrderView view(OrderId id) {
        return views.of(id);
    }
}
