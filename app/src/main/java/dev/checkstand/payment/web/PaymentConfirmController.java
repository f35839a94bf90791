package dev.checkstand.payment.web;

import dev.checkstand.common.InvalidRequest;
import dev.checkstand.order.Order;
import dev.checkstand.order.Source;
import dev.checkstand.payment.PaymentSync;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The browser's "I think I paid" call: asks Stripe and applies the answer through the one transition. */
@RestController
class PaymentConfirmController {

    private final PaymentSync sync;

    PaymentConfirmController(PaymentSync sync) {
        this.sync = sync;
    }

    @ApiResponse(responseCode = "200", description = "Where the order stands once Stripe's answer is applied",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "payment_not_found: no order is paid through that PaymentIntent "
            + "or Checkout Session, or Stripe does not know it")
    @ApiResponse(responseCode = "502", description = "payment_provider_rejected: Stripe's answer lacks what applying "
            + "it needs")
    @ApiResponse(responseCode = "503", description = "payment_provider_unavailable: Stripe did not answer; retry")
    @PostMapping("/api/payments/confirm")
    ConfirmResponse confirm(@Valid @RequestBody ConfirmRequest request) {
        if ((request.paymentIntentId() == null) == (request.sessionId() == null)) {
            throw new InvalidRequest("Give exactly one of paymentIntentId and sessionId",
                    java.util.List.of(new InvalidRequest.FieldError("paymentIntentId", "exactly one of paymentIntentId and sessionId")));
        }
        PaymentSync.Applied applied = request.paymentIntentId() != null
                ? sync.syncPaymentIntent(request.paymentIntentId(), Source.CONFIRM)
                : sync.syncCheckoutSession(request.sessionId(), Source.CONFIRM);
        return new ConfirmResponse(applied.orderStatus() == Order.Status.PAID, applied.paymentStatus().wire(),
                applied.orderId().value().toString(), applied.orderStatus().wire());
    }

    record ConfirmRequest(@Size(max = 255) @Pattern(regexp = "pi_[A-Za-z0-9_]+") String paymentIntentId,
            @Size(max = 255) @Pattern(regexp = "cs_[A-Za-z0-9_]+") String sessionId) {
    }

    record ConfirmResponse(boolean success, String paymentStatus, String orderId, String orderStatus) {
    }
}
