package dev.checkstand.seller;

import dev.checkstand.common.Money;
import dev.checkstand.payment.gateway.ConnectGateway;
import java.time.Instant;

/**
 * A marketplace seller: who it is, the commission the platform keeps of its sales (basis points of the order total),
 * and its connected account as last known — whether it may take charges and receive payouts, and what Stripe still
 * needs. {@code accountAsOf} is Stripe's time of that state; {@code accountReadAt} when it was last read from Stripe.
 */
public record Seller(SellerId id, String name, String email, int commissionBps, String stripeAccountId,
        boolean chargesEnabled, boolean payoutsEnabled, boolean detailsSubmitted,
        ConnectGateway.Requirements requirements, Instant accountAsOf, Instant accountReadAt) {

    /** Whether money may be routed to this seller now, by what is known here. */
    public boolean acceptsPayments() {
        return stripeAccountId != null && chargesEnabled;
    }

    /** The platform's fee on an order of {@code total}: the commission, rounded down to the minor unit. */
    public Money applicationFee(Money total) {
        return Money.of(total.amount() * commissionBps / 10_000, total.currency());
    }
}
