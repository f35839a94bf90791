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

    /** What the seller's account may do, by what is known here. */
    public enum Standing {
        /** Stripe has not created its account yet (its create got no answer). */
        NO_ACCOUNT,
        /** It can take charges. */
        CAN_CHARGE,
        /** Its owner has not finished Stripe's onboarding. */
        ONBOARDING,
        /** Onboarded (or refused by Stripe), but its charges are disabled: see the requirements' disabled reason. */
        CHARGES_DISABLED;

        /** The metric's label ({@code can_charge}, ...). */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where the seller stands with Stripe. */
    public Standing standing() {
        if (stripeAccountId == null) {
            return Standing.NO_ACCOUNT;
        }
        if (chargesEnabled) {
            return Standing.CAN_CHARGE;
        }
        String reason = requirements.disabledReason();
        return !detailsSubmitted && (reason == null || reason.startsWith("requirements."))
                ? Standing.ONBOARDING : Standing.CHARGES_DISABLED;
    }

    /** Whether money may be routed to this seller now, by what is known here. */
    public boolean acceptsPayments() {
        return stripeAccountId != null && chargesEnabled;
    }

    /** The platform's fee on an order of {@code total}: the commission, rounded down to the minor unit. */
    public Money applicationFee(Money total) {
        return Money.of(total.amount() * commissionBps / 10_000, total.currency());
    }
}
