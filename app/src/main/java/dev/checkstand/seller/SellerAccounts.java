package dev.checkstand.seller;

import dev.checkstand.common.EmailMask;
import dev.checkstand.payment.gateway.ConnectGateway;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A seller's connected account at Stripe: created once (the create call repeated with the same key until Stripe
 * answers), and read again from Stripe, the answer kept unless a later state is kept already. Never inside a
 * transaction.
 */
@Component
class SellerAccounts {

    private static final Logger log = LoggerFactory.getLogger(SellerAccounts.class);

    private final Sellers sellers;
    private final ConnectGateway stripe;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SellerAccounts(Sellers sellers, ConnectGateway stripe, TransactionTemplate transactions,
            ApplicationEventPublisher events, Clock clock) {
        this.sellers = sellers;
        this.stripe = stripe;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /** The seller with its connected account, created now when it has none; 503 when Stripe does not answer. */
    Seller ensureAccount(Seller seller) {
        if (seller.stripeAccountId() != null) {
            return seller;
        }
        // Only what never changes is sent: a repeat after the seller was edited must send the same (its key's promise).
        ConnectGateway.AccountSnapshot account = stripe.createExpressAccount(new ConnectGateway.NewAccount(
                        "seller:" + seller.id() + ":account", Map.of("seller_id", seller.id().toString())))
                .orElseUnavailable("creating the seller's Stripe account");
        Instant now = clock.instant();
        if (!sellers.linkAccount(seller.id(), account.id(), now)) {
            throw new IllegalStateException("seller " + seller.id() + " is linked to another account than "
                    + account.id());
        }
        keep(account, now);
        log.info("Seller {} has Stripe account {}", seller.id(), account.id());
        return sellers.byId(seller.id()).orElseThrow();
    }

    /**
     * The seller with its connected account, created now when it has none — or, while Stripe does not answer, as it
     * is (without one; it is created on a later try, with the same key).
     */
    Seller withAccountIfStripeAnswers(Seller seller) {
        try {
            return ensureAccount(seller);
        } catch (PaymentProviderUnavailable e) {
            log.warn("Seller {} is without its Stripe account for now: {}", seller.id(), EmailMask.in(e.getMessage()));
            return seller;
        }
    }

    /**
     * The seller's account as Stripe has it now, kept here unless a state known to be as new was kept meanwhile; empty
     * when Stripe could not be asked.
     */
    Optional<Read> reread(Seller seller) {
        if (seller.stripeAccountId() == null) {
            return Optional.empty();
        }
        Instant started = clock.instant();
        return stripe.retrieveAccount(seller.stripeAccountId()).fold(
                account -> Optional.of(new Read(account, keep(account, started))),
                refused -> {
                    log.warn("Stripe refused to read account {} of seller {}: {}", seller.stripeAccountId(),
                            seller.id(), EmailMask.in(refused.describe()));
                    return Optional.empty();
                }, unanswered -> Optional.empty());
    }

    /** An account as Stripe answered it, and whether it was kept as the seller's state. */
    record Read(ConnectGateway.AccountSnapshot account, boolean kept) {
    }

    /**
     * Keeps an account read from Stripe by a call that began at {@code started} — unless a state was kept whose time
     * is as late: an event of the same second (which may be newer than what this call saw) or a read begun later.
     */
    boolean keep(ConnectGateway.AccountSnapshot account, Instant started) {
        return Boolean.TRUE.equals(transactions.execute(tx -> apply(account, started, started)));
    }

    /**
     * Keeps {@code account} as the state of Stripe's time {@code asOf} in the caller's transaction, unless a later
     * state is kept; an account that could charge and is kept unable to announces {@link SellerChargesDisabled} with
     * it (once per change: the same state kept again announces nothing).
     */
    boolean apply(ConnectGateway.AccountSnapshot account, Instant asOf, Instant readAt) {
        Optional<Sellers.Kept> kept = sellers.applyAccount(account, asOf, readAt, clock.instant());
        kept.filter(k -> k.couldCharge() && !account.chargesEnabled())
                .ifPresent(k -> events.publishEvent(new SellerChargesDisabled(k.seller())));
        return kept.isPresent();
    }
}
