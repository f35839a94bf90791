package dev.checkstand.seller;

import java.time.Instant;

/**
 * A seller's share of an order: whose it is, the platform's application fee (at the commission of checkout time),
 * and — once Stripe made it — the transfer to the seller's account, how much of it was reversed by refunds and how
 * much of the fee was refunded, as last read from Stripe ({@code transferReadAt}).
 */
public record SellerShare(SellerId sellerId, String sellerName, String stripeAccountId, int commissionBps,
        long applicationFee, String transferId, Long transferAmount, Long transferReversed, Long applicationFeeRefunded,
        Instant transferReadAt) {
}
