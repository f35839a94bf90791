package dev.checkstand.payment.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stripe Connect as the service uses it: marketplace sellers' Express accounts, their onboarding links, and the
 * transfers of destination charges. Implemented over stripe-java; never called inside a transaction.
 */
public interface ConnectGateway {

    /**
     * Whether the service talks to Stripe in live mode (a live secret key): a Connect endpoint may be sent test events
     * too, and those are none of its business.
     */
    boolean livemode();

    /** Creates an Express connected account; the idempotency key makes a repeat return the same account. */
    GatewayResult<AccountSnapshot> createExpressAccount(NewAccount request);

    /** Reads a connected account as Stripe has it now. */
    GatewayResult<AccountSnapshot> retrieveAccount(String accountId);

    /** A new Account Link through which the account's owner completes onboarding. */
    GatewayResult<AccountLink> createOnboardingLink(String accountId, String refreshUrl, String returnUrl);

    /** The transfer (and application fee) of a PaymentIntent's charge; empty when it made none (yet). */
    GatewayResult<Optional<TransferSnapshot>> transferOf(String paymentIntentId);

    /**
     * An Express account to create for a seller: only what never changes, so a repeat with the key sends the same
     * (the owner gives the rest on Stripe's onboarding pages).
     */
    record NewAccount(String idempotencyKey, Map<String, String> metadata) {
    }

    /** What the service keeps of a connected account. */
    record AccountSnapshot(String id, boolean chargesEnabled, boolean payoutsEnabled, boolean detailsSubmitted,
            Requirements requirements) {
    }

    /** What Stripe still needs from the account's owner, and why charges are disabled when they are. */
    record Requirements(List<String> currentlyDue, List<String> pastDue, List<String> eventuallyDue,
            String disabledReason) {

        public static final Requirements NONE = new Requirements(List.of(), List.of(), List.of(), null);

        public Requirements {
            currentlyDue = currentlyDue == null ? List.of() : List.copyOf(currentlyDue);
            pastDue = pastDue == null ? List.of() : List.copyOf(pastDue);
            eventuallyDue = eventuallyDue == null ? List.of() : List.copyOf(eventuallyDue);
        }
    }

    /** A hosted onboarding page's address and when it stops working. */
    record AccountLink(String url, Instant expiresAt) {
    }

    /**
     * A destination charge's transfer to the connected account: its amount and how much of it was reversed, and the
     * platform's application fee and how much of it was refunded.
     */
    record TransferSnapshot(String id, String destination, long amount, long amountReversed, String applicationFeeId,
            long applicationFee, long applicationFeeRefunded) {
    }
}
