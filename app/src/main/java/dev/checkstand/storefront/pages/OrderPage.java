package dev.checkstand.storefront.pages;

import dev.checkstand.common.Money;
import dev.checkstand.common.MoneyFormat;
import dev.checkstand.common.WebLinks;
import dev.checkstand.fulfillment.FulfillmentView;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderDetails;
import java.util.List;

/**
 * What a customer page shows of an order: the customer view's fields as text (amounts formatted for the currency
 * from minor units), the headline for its state, tracking, and the customer's proof for the page's own actions (the
 * Checkout Session id the customer came back with; never the order id alone). {@code held} is what an authorization
 * holds (or, before one, would hold) on the customer's card; {@code released} says a canceled order's authorization
 * was released, nothing charged.
 */
public record OrderPage(String orderId, String number, String status, String paymentStatus, String fulfillmentStatus,
        StatusWords.Headline headline, String fulfillmentText, List<Line> lines, String subtotal, String shipping,
        String total, String held, boolean released, String shipTo, List<Tracking> tracking, String sessionId,
        String paymentIntentId, boolean paymentFailed) {

    static OrderPage of(OrderDetails details, List<FulfillmentView> fulfillments, String sessionId,
            String paymentIntentId) {
        Order order = details.order();
        String currency = order.total().currency();
        boolean failed = order.status() == Order.Status.PENDING_PAYMENT && lastPaymentFailed(details);
        List<Line> lines = details.items().stream()
                .map(item -> new Line(item.name(), item.quantity(), MoneyFormat.format(Money.of(item.unitAmount(), currency)),
                        MoneyFormat.format(Money.of(item.lineTotal(), currency))))
                .toList();
        List<Tracking> tracking = fulfillments.stream().flatMap(f -> f.shipments().stream())
                .map(s -> new Tracking(s.carrier(), s.trackingNumber(), WebLinks.httpOrNull(s.trackingUrl())))
                .toList();
        var address = order.shippingAddress();
        String held = MoneyFormat.format(order.amountAuthorized() > 0 ? Money.of(order.amountAuthorized(), currency)
                : order.total());
        boolean released = order.status() == Order.Status.CANCELED
                && details.timeline().stream().anyMatch(entry -> entry.type().equals("authorization_released"));
        String shown = failed ? "failed" : released ? "released" : order.paymentStatus().wire();
        return new OrderPage(order.id().value().toString(), order.number(), order.status().wire(),
                order.paymentStatus().wire(), order.fulfillmentStatus(),
                StatusWords.headline(order.status().wire(), shown, held),
                StatusWords.fulfillment(order.fulfillmentStatus()), lines, MoneyFormat.format(order.subtotal()),
                MoneyFormat.format(order.shipping()), MoneyFormat.format(order.total()), held, released,
                address.name() + ", " + address.city() + ", " + address.country(), tracking, sessionId,
                paymentIntentId, failed);
    }

    // The latest payment news on the timeline is a failure (not a later success, processing, or a retry, which
    // extends the hold).
    private static boolean lastPaymentFailed(OrderDetails details) {
        String last = null;
        for (var entry : details.timeline()) {
            if (List.of("payment_failed", "payment_processing", "paid", "hold_extended").contains(entry.type())) {
                last = entry.type();
            }
        }
        return "payment_failed".equals(last);
    }

    public boolean payable() {
        return status.equals("pending_payment");
    }

    public boolean paid() {
        return status.equals("paid");
    }

    /** Placed on an authorization that is still held: nothing charged yet. */
    public boolean authorized() {
        return paymentStatus.equals("authorized");
    }

    public boolean canceled() {
        return status.equals("canceled");
    }

    /** One line of the order as sold. */
    public record Line(String name, int quantity, String unitPrice, String total) {
    }

    /** A package on its way. */
    public record Tracking(String carrier, String number, String url) {
    }
}
