package dev.checkstand.storefront.pages;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the customer pages say about an order's state, in one place: the server renders it, and the page's script
 * gets the same table to say it again when the live stream brings a change.
 */
final class StatusWords {

    /** A headline: its tone ({@code ok}, {@code wait}, {@code bad}), a title and a line of explanation. */
    public record Headline(String tone, String title, String text) {
    }

    /** Stands for the amount held on the customer's card in a headline's text; the page fills it in. */
    static final String HELD = "{held}";

    private static final Map<String, Headline> HEADLINES = new LinkedHashMap<>();
    private static final Map<String, String> FULFILLMENT = new LinkedHashMap<>();

    static {
        HEADLINES.put("pending_payment/unpaid", new Headline("wait", "Confirming your payment",
                "This page updates by itself as soon as the payment is confirmed."));
        HEADLINES.put("pending_payment/processing", new Headline("wait", "Your payment is processing",
                "Your bank is still confirming the payment; for some payment methods this takes a while."));
        HEADLINES.put("pending_payment/failed", new Headline("bad", "Your payment did not go through",
                "Nothing was charged. Your items are still kept for you: you can try again."));
        HEADLINES.put("paid/authorized", new Headline("ok", "Thank you, your order is placed",
                "Payment authorized — your card will be charged when your order goes into production. Until then "
                        + HELD + " is held on your card."));
        HEADLINES.put("paid/paid", new Headline("ok", "Thank you, your order is paid",
                "A confirmation is on its way to your email."));
        HEADLINES.put("paid/partially_refunded", new Headline("ok", "Your order is paid",
                "Part of the payment has been refunded to you."));
        HEADLINES.put("paid/refunded", new Headline("ok", "Your payment was refunded",
                "The full amount has been returned to your payment method."));
        HEADLINES.put("canceled", new Headline("bad", "This order is canceled",
                "Nothing more will be charged for it."));
        HEADLINES.put("canceled/released", new Headline("bad", "This order is canceled",
                "The hold on your card was released: nothing was charged."));
        FULFILLMENT.put("unfulfilled", "Not sent to production yet.");
        FULFILLMENT.put("pending", "We are sending it to production.");
        FULFILLMENT.put("blocked", "We are preparing it for production.");
        FULFILLMENT.put("failed", "We are preparing it for production.");
        FULFILLMENT.put("submitted", "In the production queue.");
        FULFILLMENT.put("in_production", "Being made for you.");
        FULFILLMENT.put("on_hold", "On hold for a moment; we will be in touch if we need anything.");
        FULFILLMENT.put("partially_shipped", "Part of your order is on its way.");
        FULFILLMENT.put("shipped", "On its way to you.");
        FULFILLMENT.put("canceled", "Canceled: it will not be made.");
    }

    private StatusWords() {
    }

    /**
     * The headline of an order in {@code status} with {@code paymentStatus}, {@code held} (the amount held on the card,
     * as text) filled in; {@code failed} stands for an unpaid order whose last payment attempt failed, and
     * {@code released} for a canceled order whose authorization was released.
     */
    static Headline headline(String status, String paymentStatus, String held) {
        String key = !status.equals("canceled") ? status + "/" + paymentStatus
                : paymentStatus.equals("released") ? "canceled/released" : "canceled";
        Headline headline = HEADLINES.get(key);
        return headline != null ? new Headline(headline.tone(), headline.title(), headline.text().replace(HELD, held))
                : new Headline("wait", "We are looking into your order", "");
    }

    /** What the customer is told about the goods. */
    static String fulfillment(String fulfillmentStatus) {
        return FULFILLMENT.getOrDefault(fulfillmentStatus, "");
    }

    /** The whole table, for the page's script: {@code {headlines: {...}, fulfillment: {...}}}. */
    static Map<String, Object> table() {
        return Map.of("headlines", HEADLINES, "fulfillment", FULFILLMENT);
    }
}
