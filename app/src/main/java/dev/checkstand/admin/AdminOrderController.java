package dev.checkstand.admin;

import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.payment.Payments;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Admin order views. */
@RestController
class AdminOrderController {

    private final OrderManagement orders;
    private final Payments payments;

    AdminOrderController(OrderManagement orders, Payments payments) {
        this.orders = orders;
        this.payments = payments;
    }

    @GetMapping("/api/admin/orders/{orderId}")
    AdminOrderView order(@PathVariable UUID orderId) {
        OrderId id = OrderId.of(orderId);
        return AdminOrderView.of(orders.details(id), payments.attemptsOf(id));
    }
}
