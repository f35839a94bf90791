package dev.checkstand.storefront.pages;

import dev.checkstand.checkout.CustomerProof;
import dev.checkstand.checkout.SessionRetries;
import dev.checkstand.common.OrderId;
import dev.checkstand.common.Problem;
import dev.checkstand.fulfillment.FulfillmentQueries;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.PaymentCancellation;
import dev.checkstand.payment.PaymentQueries;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pages customers come back to from Stripe: the order at once, whatever its state, then live (the page's script
 * follows {@code sync-status}); and, after a Checkout Session was left, the order with "Try again" and "Cancel
 * order". The page's actions carry the customer's proof — the Checkout Session id Stripe returned them with — never
 * the order id alone; a refusal is shown on the page, never as JSON.
 */
@Controller
class CustomerPages {

    // Stripe's ids: a prefix, then letters, digits and underscores. Anything else is looked up nowhere.
    private static final Pattern SESSION_ID = Pattern.compile("cs_[A-Za-z0-9_]{1,250}");
    private static final Pattern PAYMENT_INTENT_ID = Pattern.compile("pi_[A-Za-z0-9_]{1,250}");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    private final PaymentQueries payments;
    private final OrderManagement orders;
    private final FulfillmentQueries fulfillments;
    private final SessionRetries retries;
    private final PaymentCancellation cancellation;
    private final CustomerProof proof;
    private final String statusWords;

    CustomerPages(PaymentQueries payments, OrderManagement orders, FulfillmentQueries fulfillments,
            SessionRetries retries, PaymentCancellation cancellation, CustomerProof proof, JsonMapper json) {
        this.payments = payments;
        this.orders = orders;
        this.fulfillments = fulfillments;
        this.retries = retries;
        this.cancellation = cancellation;
        this.proof = proof;
        this.statusWords = json.writeValueAsString(StatusWords.table());
    }

    @GetMapping("/checkout/success")
    String sessionSuccess(@RequestParam(name = "session_id", required = false) String sessionId, Model model,
            HttpServletResponse response) {
        return orderOfSession(sessionId)
                .map(orderId -> order(model, page(orderId, sessionId, null), "success"))
                .orElseGet(() -> notFound(model, response));
    }

    @GetMapping("/payment/success")
    String paymentSuccess(@RequestParam(name = "payment_intent", required = false) String paymentIntentId, Model model,
            HttpServletResponse response) {
        Optional<OrderId> order = paymentIntentId != null && PAYMENT_INTENT_ID.matcher(paymentIntentId).matches()
                ? payments.orderOfPaymentIntent(paymentIntentId) : Optional.empty();
        return order.map(orderId -> order(model, page(orderId, null, paymentIntentId), "success"))
                .orElseGet(() -> notFound(model, response));
    }

    /**
     * The page a customer who left a Checkout Session comes back to: the service's own cancel URL names the payment
     * attempt (a random id given only with that redirect), which leads to its session; a storefront's own page may
     * pass the session id.
     */
    @GetMapping("/checkout/cancel")
    String cancelPage(@RequestParam(name = "session_id", required = false) String sessionId,
            @RequestParam(name = "attempt", required = false) String attempt, Model model, HttpServletResponse response) {
        String session = orderOfSession(sessionId).isPresent() ? sessionId : sessionOfAttempt(attempt).orElse(null);
        return orderOfSession(session)
                .map(orderId -> order(model, page(orderId, session, null), "cancel"))
                .orElseGet(() -> notFound(model, response));
    }

    private Optional<String> sessionOfAttempt(String attempt) {
        if (attempt == null || !UUID_TEXT.matcher(attempt).matches()) {
            return Optional.empty();
        }
        return payments.attempt(UUID.fromString(attempt)).map(PaymentAttempt::checkoutSessionId);
    }

    /** "Try again": a new Checkout Session for the same order and reservation, then off to pay it. */
    @PostMapping("/checkout/retry")
    String retry(@RequestParam(name = "session_id", required = false) String sessionId, Model model,
            HttpServletResponse response) {
        Optional<OrderId> orderId = provenOrder(sessionId);
        if (orderId.isEmpty()) {
            return notFound(model, response);
        }
        try {
            PaymentAttempt attempt = retries.retry(orderId.get());
            return "redirect:" + attempt.session().url();
        } catch (Problem problem) {
            response.setStatus(problem.status());
            model.addAttribute("problem", problem.getMessage());
            return order(model, page(orderId.get(), sessionId, null), "cancel");
        }
    }

    /** "Cancel order": the payment is stopped at Stripe first, then the stock released. */
    @PostMapping("/checkout/cancel-order")
    String cancelOrder(@RequestParam(name = "session_id", required = false) String sessionId, Model model,
            HttpServletResponse response) {
        Optional<OrderId> orderId = provenOrder(sessionId);
        if (orderId.isEmpty()) {
            return notFound(model, response);
        }
        try {
            cancellation.cancelOrder(orderId.get(), Source.CHECKOUT);
        } catch (Problem problem) {
            response.setStatus(problem.status());
            model.addAttribute("problem", problem.getMessage());
            return order(model, page(orderId.get(), sessionId, null), "cancel");
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/checkout/cancel").queryParam("session_id", sessionId)
                .queryParam("canceled", "1").build().encode().toUriString();
    }

    private Optional<OrderId> orderOfSession(String sessionId) {
        return sessionId != null && SESSION_ID.matcher(sessionId).matches()
                ? payments.orderOfCheckoutSession(sessionId) : Optional.empty();
    }

    // The session id is the proof: it must be one of the order's sessions (CustomerProof checks exactly that).
    private Optional<OrderId> provenOrder(String sessionId) {
        return orderOfSession(sessionId).map(orderId -> proof.require(orderId.value(), null, sessionId));
    }

    private OrderPage page(OrderId orderId, String sessionId, String paymentIntentId) {
        return OrderPage.of(orders.details(orderId), fulfillments.of(orderId), sessionId, paymentIntentId);
    }

    private String order(Model model, OrderPage page, String view) {
        model.addAttribute("page", page);
        model.addAttribute("statusWords", statusWords);
        return "customer/" + view;
    }

    private static String notFound(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        return "customer/not-found";
    }
}
