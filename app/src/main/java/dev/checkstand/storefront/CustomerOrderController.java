package dev.checkstand.storefront;

import dev.checkstand.checkout.CustomerProof;
import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.fulfillment.FulfillmentQueries;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.PaymentCancellation;
import dev.checkstand.payment.PaymentQueries;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Customer order lookups by the payment ids the browser holds (each one indexed lookup), and cancellation by the
 * order's customer ({@link CustomerProof}).
 */
@RestController
class CustomerOrderController {

    private final PaymentQueries payments;
    private final PaymentCancellation cancellation;
    private final OrderManagement orders;
    private final OrderStatusStreams streams;
    private final CustomerProof proof;
    private final FulfillmentQueries fulfillments;

    CustomerOrderController(PaymentQueries payments, PaymentCancellation cancellation, OrderManagement orders,
            OrderStatusStreams streams, CustomerProof proof, FulfillmentQueries fulfillments) {
        this.fulfillments = fulfillments;
        this.payments = payments;
        this.cancellation = cancellation;
        this.orders = orders;
        this.streams = streams;
        this.proof = proof;
    }

    @ApiResponse(responseCode = "200", description = "The customer's view of the order", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "order_not_found: no order is paid through that PaymentIntent")
    @GetMapping("/api/orders/by-payment-intent/{paymentIntentId}")
    CustomerOrderView byPaymentIntent(@PathVariable String paymentIntentId) {
        OrderId orderId = payments.orderOfPaymentIntent(paymentIntentId).orElseThrow(
                () -> new NotFound("order_not_found", "No order for PaymentIntent " + paymentIntentId));
        return view(orderId);
    }

    @ApiResponse(responseCode = "200", description = "The customer's view of the order", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "order_not_found: no order is paid through that Checkout Session")
    @GetMapping("/api/orders/by-session/{sessionId}")
    CustomerOrderView bySession(@PathVariable String sessionId) {
        OrderId orderId = payments.orderOfCheckoutSession(sessionId).orElseThrow(
                () -> new NotFound("order_not_found", "No order for Checkout Session " + sessionId));
        return view(orderId);
    }

    /**
     * The order's status as server-sent events, the current one at once. Each event's id is the order's version; a
     * reconnecting {@code EventSource} sends the last one back as {@code Last-Event-ID} and gets the current status at
     * once all the same (one small event), whether or not it changed meanwhile.
     */
    @ApiResponse(responseCode = "200", description = "Server-sent events: the order's status at once, then each change",
            content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string",
                    description = "Events named `order` whose data is {status, paymentStatus, fulfillmentStatus, "
                            + "tracking} and whose id is the order's version")))
    @ApiResponse(responseCode = "404", description = "order_not_found")
    @ApiResponse(responseCode = "503", description = "too_many_streams: this instance holds as many status streams as "
            + "it may (in all or for this order); Retry-After says when to try again")
    @GetMapping(path = "/api/orders/{orderId}/sync-status", produces = "text/event-stream")
    SseEmitter syncStatus(@PathVariable UUID orderId) {
        return streams.open(OrderId.of(orderId));
    }

    @ApiResponse(responseCode = "200", description = "The canceled order, its stock released",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "order_not_found: no such order, or no valid customer proof "
            + "(X-Order-Token or session_id)")
    @ApiResponse(responseCode = "409", description = "order_not_cancelable: a payment succeeded or is still settling")
    @ApiResponse(responseCode = "503", description = "payment_provider_unavailable: Stripe could not confirm the "
            + "payment stopped; nothing was canceled, retry")
    @PostMapping("/api/orders/{orderId}/cancel")
    CustomerOrderView cancel(@PathVariable UUID orderId,
            @RequestHeader(name = CustomerProof.TOKEN_HEADER, required = false) String token,
            @RequestParam(name = "session_id", required = false) String sessionId) {
        OrderId id = proof.require(orderId, token, sessionId);
        cancellation.cancelOrder(id, Source.CHECKOUT);
        return view(id);
    }

    private CustomerOrderView view(OrderId orderId) {
        return CustomerOrderView.of(orders.details(orderId), payments.attemptsOf(orderId), fulfillments.of(orderId));
    }
}
