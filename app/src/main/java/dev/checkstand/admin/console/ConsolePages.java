package dev.checkstand.admin.console;

import dev.checkstand.common.Currencies;
import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.common.Problem;
import dev.checkstand.fulfillment.FulfillmentAdministration;
import dev.checkstand.fulfillment.FulfillmentQueries;
import dev.checkstand.notification.NotificationQueries;
import dev.checkstand.order.OrderDetails;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.OrderSearch;
import dev.checkstand.order.Source;
import dev.checkstand.payment.PaymentCancellation;
import dev.checkstand.payment.PaymentQueries;
import dev.checkstand.payment.PaymentSync;
import dev.checkstand.refund.RefundQueries;
import dev.checkstand.refund.RefundRequests;
import dev.checkstand.seller.Marketplace;
import java.math.BigDecimal;
import dev.checkstand.common.ProductId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin console's order pages: the list (filters, search, paging) and one order with everything the modules know
 * of it, and its actions — sync with Stripe, cancel, refund, retry fulfillment. Every action ends on the order's page
 * with its outcome or the refusal's detail (post, redirect, get): never a JSON error or an error page.
 */
@Controller
class ConsolePages {

    private static final int PAGE_SIZE = 25;
    private static final ConsoleFormat FORMAT = new ConsoleFormat();
    private static final List<String> STATUSES = List.of("pending_payment", "paid", "canceled");
    private static final List<String> PAYMENT_STATUSES = List.of("unpaid", "processing", "authorized", "paid",
            "partially_refunded", "refunded");
    private static final List<String> FULFILLMENT_STATUSES = List.of("unfulfilled", "pending", "blocked", "submitted",
            "in_production", "on_hold", "partially_shipped", "shipped", "failed", "canceled");
    private static final Set<String> REASONS = Set.of("requested_by_customer", "duplicate", "fraudulent");

    private final OrderSearch search;
    private final OrderManagement orders;
    private final PaymentQueries payments;
    private final PaymentSync sync;
    private final PaymentCancellation cancellation;
    private final RefundQueries refunds;
    private final RefundRequests refundRequests;
    private final FulfillmentQueries fulfillments;
    private final FulfillmentAdministration fulfillmentAdministration;
    private final NotificationQueries notifications;
    private final Marketplace marketplace;
    private final String stripeDashboard;

    ConsolePages(OrderSearch search, OrderManagement orders, PaymentQueries payments, PaymentSync sync,
            PaymentCancellation cancellation, RefundQueries refunds, RefundRequests refundRequests,
            FulfillmentQueries fulfillments, FulfillmentAdministration fulfillmentAdministration,
            NotificationQueries notifications, Marketplace marketplace, @Value("${stripe.secret-key:}") String stripeKey) {
        this.search = search;
        this.orders = orders;
        this.payments = payments;
        this.sync = sync;
        this.cancellation = cancellation;
        this.refunds = refunds;
        this.refundRequests = refundRequests;
        this.fulfillments = fulfillments;
        this.fulfillmentAdministration = fulfillmentAdministration;
        this.notifications = notifications;
        this.marketplace = marketplace;
        this.stripeDashboard = stripeKey.startsWith("sk_live_") ? "https://dashboard.stripe.com"
                : stripeKey.startsWith("sk_test_") ? "https://dashboard.stripe.com/test" : null;
    }

    @GetMapping("/admin/login")
    String login() {
        return "admin/login";
    }

    @GetMapping({"/admin", "/admin/"})
    String home() {
        return "redirect:/admin/orders";
    }

    @GetMapping("/admin/orders")
    String list(@RequestParam(required = false) String status, @RequestParam(required = false) String paymentStatus,
            @RequestParam(required = false) String fulfillmentStatus,
            @RequestParam(required = false) String attention, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") String page, Model model) {
        String query = q == null || q.isBlank() ? null : q.trim();
        if (query != null && query.length() > 254) {
            query = query.substring(0, 254);
        }
        String matchedBy = query;
        OrderSearch.Filter filter = new OrderSearch.Filter(known(status, STATUSES), known(paymentStatus, PAYMENT_STATUSES),
                known(fulfillmentStatus, FULFILLMENT_STATUSES), "yes".equals(attention) ? Boolean.TRUE : null, query,
                query == null ? null : payments.orderOfPaymentIntent(matchedBy)
                        .or(() -> payments.orderOfCheckoutSession(matchedBy)).orElse(null));
        int number = pageNumber(page);
        long total = search.count(filter);
        model.addAttribute("fmt", FORMAT);
        model.addAttribute("filter", filter);
        model.addAttribute("rows", search.page(filter, number, PAGE_SIZE));
        model.addAttribute("page", number);
        model.addAttribute("total", total);
        model.addAttribute("hasNext", (long) (number + 1) * PAGE_SIZE < total);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("paymentStatuses", PAYMENT_STATUSES);
        model.addAttribute("fulfillmentStatuses", FULFILLMENT_STATUSES);
        return "admin/orders";
    }

    @GetMapping("/admin/orders/{orderId}")
    String order(@PathVariable String orderId, Model model) {
        OrderId id = orderId(orderId);
        OrderDetails details = orders.details(id);
        model.addAttribute("o", new ConsoleOrder(details.order(), details.items(), payments.attemptsOf(id),
                refunds.refundsOf(id), fulfillments.of(id), notifications.of(id), details.timeline(),
                marketplace.shareOf(id).orElse(null), stripeDashboard));
        model.addAttribute("refundKey", UUID.randomUUID().toString());
        model.addAttribute("minorDigits", Currencies.minorDigits(details.order().total().currency()));
        return "admin/order";
    }

    @PostMapping("/admin/orders/{orderId}/sync")
    String sync(@PathVariable String orderId, RedirectAttributes result) {
        OrderId id = orderId(orderId);
        return act(id, result, () -> {
            orders.details(id);
            sync.syncOrder(id, Source.ADMIN);
            return "Synced with Stripe.";
        });
    }

    @PostMapping("/admin/orders/{orderId}/cancel")
    String cancel(@PathVariable String orderId, RedirectAttributes result) {
        OrderId id = orderId(orderId);
        return act(id, result, () -> {
            cancellation.cancelOrder(id, Source.ADMIN);
            return "The order is canceled and its stock released.";
        });
    }

    @PostMapping("/admin/orders/{orderId}/fulfillment/retry")
    String retryFulfillment(@PathVariable String orderId, RedirectAttributes result) {
        OrderId id = orderId(orderId);
        return act(id, result, () -> {
            fulfillmentAdministration.retry(id);
            return "The fulfillment is submitted again.";
        });
    }

    /**
     * A refund from the form: the amount in the currency's units ("12.50"; empty for everything still refundable),
     * a reason, and the form's own idempotency key — a form sent twice (a double click) refunds once.
     */
    @PostMapping("/admin/orders/{orderId}/refunds")
    String refund(@PathVariable String orderId, @RequestParam(required = false) String amount,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String idempotencyKey,
            @RequestParam Map<String, String> form, RedirectAttributes result) {
        OrderId id = orderId(orderId);
        return act(id, result, () -> {
            String currency = orders.details(id).order().total().currency();
            Long minor = amount == null || amount.isBlank() ? null : minorUnits(amount.trim(), currency);
            RefundRequests.Requested requested = refundRequests.refund(id, idempotencyKey,
                    new RefundRequests.RefundRequest(minor, REASONS.contains(reason) ? reason : null, restock(form)));
            return requested.created()
                    ? "Refund of " + dev.checkstand.common.MoneyFormat.format(requested.refund().amount())
                            + " requested (" + requested.refund().status().wire() + ")."
                    : "This refund form was sent before: nothing more was refunded.";
        });
    }

    // The form's "restock.<productId>" fields with a quantity above zero.
    private static List<RefundRequests.RefundRequest.Restock> restock(Map<String, String> form) {
        List<RefundRequests.RefundRequest.Restock> lines = new java.util.ArrayList<>();
        form.forEach((name, value) -> {
            if (!name.startsWith("restock.") || value == null || value.isBlank()) {
                return;
            }
            try {
                int quantity = Integer.parseInt(value.trim());
                if (quantity < 0 || quantity > 1000) {
                    throw new ConsoleInputRefused("A quantity to put back in stock is from 0 to 1000");
                }
                if (quantity > 0) {
                    lines.add(new RefundRequests.RefundRequest.Restock(
                            ProductId.of(UUID.fromString(name.substring("restock.".length()))), quantity));
                }
            } catch (IllegalArgumentException e) {
                throw new ConsoleInputRefused("'" + value + "' is not a quantity to put back in stock");
            }
        });
        return lines;
    }

    private static String act(OrderId id, RedirectAttributes result, java.util.function.Supplier<String> action) {
        return act(id, result, "problem", action);
    }

    /**
     * Runs an action of the order's page and comes back to the page: its outcome as {@code done}, or a refusal's
     * title and detail under {@code problemKey} (where the page shows it).
     */
    static String act(OrderId id, RedirectAttributes result, String problemKey,
            java.util.function.Supplier<String> action) {
        try {
            result.addFlashAttribute("done", action.get());
        } catch (Problem problem) {
            result.addFlashAttribute(problemKey, problem.title() + ": " + problem.getMessage());
        }
        return "redirect:/admin/orders/" + id.value();
    }

    // "12.50" in gbp is 1250; "499" in jpy is 499; more decimals than the currency has, or anything else, is refused.
    static long minorUnits(String text, String currency) {
        try {
            BigDecimal units = new BigDecimal(text);
            long minor = units.movePointRight(Currencies.minorDigits(currency)).longValueExact();
            if (minor < 1) {
                throw new ConsoleInputRefused("The amount must be more than zero");
            }
            return minor;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConsoleInputRefused("'" + text + "' is not an amount in " + currency.toUpperCase()
                    + " (e.g. " + (Currencies.minorDigits(currency) == 0 ? "500" : "5.00") + ")");
        }
    }

    static OrderId orderId(String text) {
        try {
            return OrderId.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new NotFound("order_not_found", "No order " + text);
        }
    }

    private static String known(String value, List<String> allowed) {
        return value != null && allowed.contains(value) ? value : null;
    }

    static int pageNumber(String text) {
        try {
            return Math.max(0, Math.min(100_000, Integer.parseInt(text)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** An order that does not exist is a page saying so, not a JSON problem. */
    @ExceptionHandler(NotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(NotFound missing, Model model) {
        model.addAttribute("detail", missing.getMessage());
        return "admin/not-found";
    }
}
