package dev.checkstand.admin.console;

import dev.checkstand.common.InvalidRequest;
import dev.checkstand.common.Money;
import dev.checkstand.common.MoneyFormat;
import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.Authorizations;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The order page's authorization forms (capture on fulfillment): capture all of it or part — the rest released —, or
 * release it, which cancels the order. Each ends on the order's page with its outcome; a refusal is shown beside the
 * forms ({@code authorizationProblem}).
 */
@Controller
class ConsoleAuthorizationPages {

    private static final String PROBLEM = "authorizationProblem";

    private final OrderManagement orders;
    private final Authorizations authorizations;

    ConsoleAuthorizationPages(OrderManagement orders, Authorizations authorizations) {
        this.orders = orders;
        this.authorizations = authorizations;
    }

    /** A capture from the form: the amount in the currency's units ("12.50"), empty for all of the authorization. */
    @PostMapping("/admin/orders/{orderId}/capture")
    String capture(@PathVariable String orderId, @RequestParam(required = false) String amount,
            RedirectAttributes result) {
        OrderId id = ConsolePages.orderId(orderId);
        return ConsolePages.act(id, result, PROBLEM, () -> {
            Order order = orders.details(id).order();
            String currency = order.total().currency();
            Long minor = amount == null || amount.isBlank() ? null : ConsolePages.minorUnits(amount.trim(), currency);
            try {
                authorizations.capture(id, minor, Source.ADMIN);
            } catch (InvalidRequest refused) {
                throw new ConsoleInputRefused("The amount to capture is at most " + money(order.amountAuthorized(),
                        currency) + ", the amount authorized");
            }
            Order after = orders.details(id).order();
            if (after.paymentStatus() == Order.PaymentStatus.AUTHORIZED) {
                return "The capture is under way.";
            }
            long released = after.amountAuthorized() - after.amountPaid();
            return "Captured " + money(after.amountPaid(), currency)
                    + (released > 0 ? "; the other " + money(released, currency) + " is released." : ".");
        });
    }

    /** Releases the authorization: the order is canceled, nothing charged, its stock back. */
    @PostMapping("/admin/orders/{orderId}/release")
    String release(@PathVariable String orderId, RedirectAttributes result) {
        OrderId id = ConsolePages.orderId(orderId);
        return ConsolePages.act(id, result, PROBLEM, () -> {
            orders.details(id);
            authorizations.release(id, "admin", Source.ADMIN);
            return orders.details(id).order().status() == Order.Status.CANCELED
                    ? "The authorization is released and the order canceled: nothing was charged, its stock is back."
                    : "The release is under way.";
        });
    }

    /** An order that does not exist is a page saying so, not a JSON problem. */
    @ExceptionHandler(NotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(NotFound missing, Model model) {
        model.addAttribute("detail", missing.getMessage());
        return "admin/not-found";
    }

    private static String money(long minorUnits, String currency) {
        return MoneyFormat.format(Money.of(minorUnits, currency));
    }
}
