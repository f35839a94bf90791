package dev.checkstand.seller;

import dev.checkstand.common.NotFound;
import dev.checkstand.payment.gateway.ConnectGateway;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Marketplace sellers for admins: creating one creates its Express account at Stripe; its onboarding link is made
 * on demand; a seller shown is read from Stripe again when its copy is older than the staleness limit.
 */
@Service
public class SellerAdministration {


    private final Sellers sellers;
    private final SellerAccounts accounts;
    private final ConnectGateway stripe;
    private final SellerSettings settings;
    private final Clock clock;

    SellerAdministration(Sellers sellers, SellerAccounts accounts, ConnectGateway stripe, SellerSettings settings,
            Clock clock) {
        this.sellers = sellers;
        this.accounts = accounts;
        this.stripe = stripe;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Creates a seller and its connected account. When Stripe does not answer, the seller is kept without one and
     * its account is created the next time it is shown or asked for an onboarding link (with the same key).
     */
    public Seller create(SellerData data) {
        SellerId id = SellerId.of(UUID.randomUUID());
        sellers.insert(id, data.name(), data.email(), data.commissionBps(), clock.instant());
        return accounts.withAccountIfStripeAnswers(sellers.byId(id).orElseThrow());
    }

    /** Replaces a seller's name, email and commission (the commission applies to checkouts from now on). */
    public Seller update(SellerId id, SellerData data) {
        if (!sellers.update(id, data.name(), data.email(), data.commissionBps(), clock.instant())) {
            throw notFound(id);
        }
        return sellers.byId(id).orElseThrow();
    }

    /** One seller; its account created if it still has none, and read from Stripe again when the copy is stale. */
    public Seller get(SellerId id) {
        Seller seller = sellers.byId(id).orElseThrow(() -> notFound(id));
        if (seller.stripeAccountId() == null) {
            return accounts.withAccountIfStripeAnswers(seller);
        }
        if (seller.accountReadAt() == null
                || seller.accountReadAt().plus(settings.accountStaleAfter()).isBefore(clock.instant())) {
            accounts.reread(seller);
            return sellers.byId(id).orElseThrow();
        }
        return seller;
    }

    /** Every seller as known here, by name. */
    public List<Seller> all() {
        return sellers.all();
    }

    /**
     * A new onboarding link for the seller's account (created first if need be), returning the seller to this
     * service's pages at {@code requestBase} unless {@code CHECKSTAND_PUBLIC_URL} says where they are; 503 when Stripe
     * does not answer.
     */
    public ConnectGateway.AccountLink onboardingLink(SellerId id, String requestBase) {
        Seller seller = accounts.ensureAccount(sellers.byId(id).orElseThrow(() -> notFound(id)));
        String base = (settings.publicUrl().isBlank() ? requestBase : settings.publicUrl()).replaceAll("/+$", "");
        String refreshUrl = base + "/sellers/onboarding/expired";
        String returnUrl = base + "/sellers/onboarding/done";
        return stripe.createOnboardingLink(seller.stripeAccountId(), refreshUrl, returnUrl)
                .orElseUnavailable("creating the seller's onboarding link");
    }

    private static NotFound notFound(SellerId id) {
        return new NotFound("seller_not_found", "No seller " + id);
    }

    /** What an admin sets on a seller. */
    public record SellerData(String name, String email, int commissionBps) {
    }
}
