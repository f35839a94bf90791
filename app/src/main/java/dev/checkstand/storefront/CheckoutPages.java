package dev.checkstand.storefront;

import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.payment.PaymentQueries;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** The plain pages Stripe returns customers to when the storefront names none of its own. */
@RestController
class CheckoutPages {

    private final PaymentQueries payments;
    private final OrderManagement orders;

    CheckoutPages(PaymentQueries payments, OrderManagement orders) {
        this.payments = payments;
        this.orders = orders;
    }

    @GetMapping(path = "/checkout/success", produces = MediaType.TEXT_HTML_VALUE)
    String success(@RequestParam(name = "session_id", required = false) String sessionId) {
        Optional<Order> order = order(sessionId);
        String status = order.map(o -> "Order " + o.number() + " is " + o.status().wire().replace('_', ' ') + ".")
                .orElse("We could not find this checkout.");
        return page("Thank you", status + " The confirmation follows by email once the payment is confirmed.");
    }

    @GetMapping(path = "/checkout/cancel", produces = MediaType.TEXT_HTML_VALUE)
    String cancel(@RequestParam(name = "session_id", required = false) String sessionId) {
        return page("Checkout not completed", order(sessionId)
                .map(o -> "Order " + o.number() + " is kept for you until " + o.reservationExpiresAt() + ".")
                .orElse("Nothing was charged."));
    }

    private Optional<Order> order(String sessionId) {
        if (sessionId == null || sessionId.length() > 255) {
            return Optional.empty();
        }
        return payments.orderOfCheckoutSession(sessionId).flatMap(orders::find);
    }

    private static String page(String title, String text) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(title)
                + "</title></head><body><h1>" + HtmlUtils.htmlEscape(title) + "</h1><p>" + HtmlUtils.htmlEscape(text)
                + "</p></body></html>";
    }
}
