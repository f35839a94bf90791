package dev.checkstand.seller;

import dev.checkstand.common.Problem;
import java.util.Map;

/** The seller of a cart's products cannot take payments now (Stripe has its charges disabled); nothing was charged. */
public final class SellerCannotAcceptPayments extends Problem {

    private final SellerId seller;

    public SellerCannotAcceptPayments(SellerId seller, String sellerName) {
        super(409, "seller_cannot_accept_payments", "Seller cannot accept payments",
                sellerName + " cannot accept payments right now, so these products cannot be bought at the moment."
                        + " Nothing was charged and nothing is held for you; please try again later.");
        this.seller = seller;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("sellerId", seller.toString());
    }
}
