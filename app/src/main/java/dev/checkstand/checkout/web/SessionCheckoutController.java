package dev.checkstand.checkout.web;

import dev.checkstand.checkout.CheckoutRequest;
import dev.checkstand.checkout.CheckoutService;
import dev.checkstand.checkout.CustomerProof;
import dev.checkstand.checkout.SessionRetries;
import dev.checkstand.order.Order;
import dev.checkstand.payment.PaymentAttempt;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Checkout through a Stripe-hosted Checkout Session, and a fresh session for an unpaid order. */
@RestController
class SessionCheckoutController {

    private final CheckoutService checkouts;
    private final SessionRetries retries;
    private final CustomerProof proof;

    SessionCheckoutController(CheckoutService checkouts, SessionRetries retries, CustomerProof proof) {
        this.checkouts = checkouts;
        this.retries = retries;
        this.proof = proof;
    }

    @ApiResponse(responseCode = "201", description = "The order placed: pending, its stock reserved",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "200", description = "The same checkoutId with the same content again: the same order, "
            + "nothing new", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", description = "checkout_conflict: the checkoutId was used with other content; "
            + "out_of_stock: nothing was reserved, `items` lists what is short")
    @ApiResponse(responseCode = "502", description = "payment_provider_rejected: Stripe refused the payment; the order "
            + "is canceled and its stock released")
    @ApiResponse(responseCode = "503", description = "payment_provider_unavailable: Stripe did not answer; the same "
            + "request again completes this checkout")
    @PostMapping("/api/payments/create-checkout-session")
    ResponseEntity<SessionCheckout> create(@Valid @RequestBody CheckoutRequest request) {
        CheckoutService.Checkout checkout = checkouts.createCheckoutSessionCheckout(request);
        Order order = checkout.order();
        PaymentAttempt attempt = checkout.attempt();
        SessionCheckout body = new SessionCheckout(order.id().value().toString(), order.number(), order.status().wire(),
                checkout.token().value(), attempt.checkoutSessionId(),
                attempt.session() == null ? null : attempt.session().url(),
                attempt.session() == null ? null : attempt.session().expiresAt(),
                new CheckoutController.Amount(order.subtotal().amount(), order.shipping().amount(), order.total().amount(),
                        order.total().currency()),
                order.reservationExpiresAt());
        return ResponseEntity.status(checkout.created() ? HttpStatus.CREATED : HttpStatus.OK).body(body);
    }

    @ApiResponse(responseCode = "200", description = "The new Checkout Session; every earlier one is stopped",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "order_not_found: no such order, or no valid customer proof "
            + "(X-Order-Token or session_id)")
    @ApiResponse(responseCode = "409", description = "order_not_payable: the order is paid or canceled")
    @ApiResponse(responseCode = "502", description = "payment_provider_rejected: Stripe refused the new session")
    @ApiResponse(responseCode = "503", description = "payment_provider_unavailable: Stripe did not answer; retry")
    @PostMapping("/api/orders/{orderId}/retry-session")
    RetriedSession retry(@PathVariable UUID orderId,
            @RequestHeader(name = CustomerProof.TOKEN_HEADER, required = false) String token,
            @RequestParam(name = "session_id", required = false) String sessionId) {
        PaymentAttempt attempt = retries.retry(proof.require(orderId, token, sessionId));
        return new RetriedSession(attempt.checkoutSessionId(), attempt.session().url(), attempt.session().expiresAt());
    }

    record SessionCheckout(String orderId, String orderNumber, String status, String orderToken, String sessionId,
            String url, Instant expiresAt, CheckoutController.Amount amount, Instant reservationExpiresAt) {
    }

    record RetriedSession(String sessionId, String url, Instant expiresAt) {
    }
}
