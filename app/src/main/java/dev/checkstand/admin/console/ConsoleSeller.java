package dev.checkstand.admin.console;

import dev.checkstand.seller.Seller;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A seller as the console shows it: the commission as a percentage, and what its Stripe account may do in words —
 * able to take payments, onboarding not finished, or charges disabled and why.
 */
public record ConsoleSeller(Seller seller) {

    /** The commission as typed in the forms: basis points as a percentage ("12.5" for 1250). */
    public static String percent(int commissionBps) {
        return BigDecimal.valueOf(commissionBps, 2).stripTrailingZeros().toPlainString();
    }

    public String id() {
        return seller.id().value().toString();
    }

    /** "12.5 %". */
    public String commission() {
        return percent(seller.commissionBps()) + " %";
    }

    /** What the seller's account may do, in words. */
    public String status() {
        String reason = seller.requirements().disabledReason();
        return switch (seller.standing()) {
            case NO_ACCOUNT -> "No Stripe account yet";
            case CAN_CHARGE -> "Can take payments";
            case ONBOARDING -> "Onboarding not finished";
            case CHARGES_DISABLED -> "Charges disabled: " + (reason == null ? "no reason given by Stripe" : reason);
        };
    }

    public List<String> currentlyDue() {
        return seller.requirements().currentlyDue();
    }

    public List<String> pastDue() {
        return seller.requirements().pastDue();
    }

    /** Stripe's time of the account's state shown. */
    public Instant accountAsOf() {
        return seller.accountAsOf();
    }
}
