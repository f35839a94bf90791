package dev.checkstand.admin;

import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.Authorizations;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Admin order views and operations on one order. */
@RestController
class AdminOrderController {

    private final OrderManagement orders;
    private final PaymentQueries payments;
    private final PaymentSync sync;
    private final PaymentCancellation cancellation;
    private final AdminOrderViews views;
    private final Authorizations authorizations;

    AdminOrderController(OrderManagement orders, PaymentQueries payments, PaymentSync sync,
            PaymentCancellation cancellation, AdminOrderViews views, Authorizations authorizations) {
        this.authorizations = authorizations;
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
        Order order = orders.find(id).orElseThrow(() -> new NotFound("order_not_found", "No order " + id));
        if (order.paymentStatus() == Order.PaymentStatus.AUTHORIZED) {
            authorizations.release(id, "admin", Source.ADMIN);
        } else {
            cancellation.cancelOrder(id, Source.ADMIN);
        }
        return view(id);
    }

    @ApiResponse(responseCode = "200", description = "The order with its authorization captured (all of it, or "
            + "`amount`, the rest released)", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "invalid_request: amount outside 1..the amount authorized")
    @ApiResponse(responseCode = "404", description = "order_not_found")
    @ApiResponse(responseCode = "409", description = "payment_not_authorized: nothing to capture (captured, released,"
            + " or taken at once); authorization_decided: another capture or a release is under way")
    @ApiResponse(responseCode = "503", description = "payment_provider_unavailable: Stripe did not answer; retry (the"
            + " same capture is carried on)")
    @PostMapping("/api/admin/orders/{orderId}/capture")
    AdminOrderView capture(@PathVariable UUID orderId, @RequestBody(required = false) CaptureRequest request) {
        OrderId id = OrderId.of(orderId);
        orders.details(id);
        authorizations.capture(id, request == null ? null : request.amount(), Source.ADMIN);
        return view(id);
    }

    @ApiResponse(responseCode = "200", description = "The order canceled with its authorization released (nothing "
            + "taken), its stock back and its fulfillment stopped where it can be", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "order_not_found")
    @ApiResponse(responseCode = "409", description = "payment_not_authorized; authorization_decided")
    @ApiResponse(responseCode = "503", description = "payment_provider_unavailable: Stripe did not answer; retry")
    @PostMapping("/api/admin/orders/{orderId}/release")
    AdminOrderView release(@PathVariable UUID orderId) {
        OrderId id = OrderId.of(orderId);
        orders.details(id);
        authorizations.release(id, "admin", Source.ADMIN);
        return view(id);
    }

    /** What to capture: {@code amount} in minor units, or (absent) everything authorized. */
    record CaptureRequest(Long amount) {
    }

    @GetMapping("/api/admin/orphaned-payments")
    List<OrphanedPayment> orphanedPayments() {
        return payments.orphanedPayments();
    }

    private AdminOrderView view(OrderId id) {
        return views.of(id);
    }
}
