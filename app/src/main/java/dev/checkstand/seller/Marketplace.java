package dev.checkstand.seller;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The sellers as checkout and the order views use them: whether a seller may be paid — by the local copy before
 * stock is reserved, and as Stripe says right before the charge is created — and each seller order's share.
 */
@Service
public class Marketplace {

    private final Sellers sellers;
    private final SellerAccounts accounts;
    private final SellerOrders orders;
    private final Clock clock;

    Marketplace(Sellers sellers, SellerAccounts accounts, SellerOrders orders, Clock clock) {
        this.sellers = sellers;
        this.accounts = accounts;
        this.orders = orders;
        this.clock = clock;
    }

    /** The seller, when there is one with this id. */
    public Optional<Seller> seller(SellerId id) {
        return sellers.byId(id);
    }

    /** The seller, when by what is known here it accepts payments; 409 {@code seller_cannot_accept_payments} if not. */
    public Seller requireAcceptingPayments(SellerId id) {
        Seller seller = sellers.byId(id).orElseThrow(() -> new IllegalStateException("no seller " + id));
        if (!seller.acceptsPayments()) {
            throw new SellerCannotAcceptPayments(seller.id(), seller.name());
        }
        return seller;
    }

    /**
     * Whether the seller accepts payments as Stripe says now (its account read again, and the answer kept). When
     * Stripe cannot be asked, the local copy decides; Stripe itself refuses a charge to an account that cannot take it.
     */
    public boolean acceptsPaymentsNow(Seller seller) {
        return accounts.reread(seller).map(read -> read.account().chargesEnabled())
                .orElseGet(() -> sellers.byId(seller.id()).map(Seller::acceptsPayments).orElse(false));
    }

    /** Records the seller's share of an order placed in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordOrder(OrderId orderId, Seller seller, Money applicationFee) {
        orders.insert(orderId, seller, applicationFee.amount(), clock.instant());
    }

    /** The seller's share of the order, when it is a seller's order. */
    public Optional<SellerShare> shareOf(OrderId orderId) {
        return orders.of(orderId);
    }
}
