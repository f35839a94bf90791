package dev.checkstand.seller;

/** Stripe says the seller's account cannot take charges (any more): its checkouts still pending are canceled. */
public record SellerChargesDisabled(SellerId sellerId) {
}
