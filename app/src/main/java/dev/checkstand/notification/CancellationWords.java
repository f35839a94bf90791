package dev.checkstand.notification;

import java.util.Map;

/**
 * Why a placed order was canceled, told to its customer: the reasons {@code PlacedOrderCanceled} carries, in words a
 * customer understands; never the internal code.
 */
final class CancellationWords {

    private static final String SORRY = "We are sorry that we could not go ahead with it.";
    private static final Map<String, String> WHY = Map.of(
            "admin", SORRY,
            "authorization_expiring", "A card can only be held for a few days, and your order could not go into"
                    + " production before the hold on your card ran out.",
            "authorization_lapsed", "The hold on your card ran out before your order went into production.",
            "capture_refused", "When your order went into production, your card could not be charged for it.",
            "nothing_to_fulfill", "Our print partner could not make any of the items in your order.",
            "customer_canceled", "You asked us to cancel it, and we did.",
            "order_canceled", "It could not be completed in time.");

    private CancellationWords() {
    }

    /** Why the order was canceled ({@code reason} as the event names it), as a sentence for its customer. */
    static String why(String reason) {
        return WHY.getOrDefault(reason, SORRY);
    }
}
