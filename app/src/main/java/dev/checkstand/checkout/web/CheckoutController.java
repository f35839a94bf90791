package dev.checkstand.checkout.web;

import dev.checkstand.checkout.CheckoutRequest;
import dev.checkstand.checkout.CheckoutService;
import dev.checkstand.order.Order;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The storefront's checkout endpoints. */
@RestController
class CheckoutController {

    private final CheckoutService checkouts;

    CheckoutController(CheckoutService checkouts) {
        this.checkouts = checkouts;
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
    @PostMapping("/api/create-payment-intent")
    ResponseEntity<PaymentIntentCheckout> createPaymentIntent(@Valid @RequestBody CheckoutRequest request) {
        CheckoutService.Checkout checkout = checkouts.createPaymentIntentCheckout(request);
        Order order = checkout.order();
        PaymentIntentCheckout body = new PaymentIntentCheckout(order.id().value().toString(), order.number(),
                order.status().wire(), checkout.token().value(), checkout.attempt().paymentIntentId(),
                checkout.attempt().clientSecret(), checkout.publishableKey(), new Amount(order.subtotal().amount(), order.shipping().amount(),
                        order.total().amount(), order.total().currency()),
                order.reservationExpiresAt());
        return ResponseEntity.status(checkout.created() ? HttpStatus.CREATED : HttpStatus.OK).body(body);
    }

    record PaymentIntentCheckout(String orderId, String orderNumber, String status, String orderToken,
            String paymentIntentId, String clientSecret, String publishableKey, Amount amount,
            Instant reservationExpiresAt) {
    }

    record Amount(long subtotal, long shipping, long total, String currency) {
    }
}
