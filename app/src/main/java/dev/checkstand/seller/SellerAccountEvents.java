package dev.checkstand.seller;

import dev.checkstand.inbox.InboxEvent;
import dev.checkstand.inbox.InboxHandler;
import dev.checkstand.payment.gateway.ConnectGateway;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import dev.checkstand.payment.gateway.StripePayloads;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code account.updated} from the Connect endpoint, taken from the inbox. The account in the event is kept as the
 * state of the event's time unless a later state is kept already, so duplicates change nothing and an older event
 * delivered after a newer one is passed over. When that order cannot be told — an event of the same second as the
 * state kept that says otherwise, or a payload in an API version this service does not read — the account is read
 * from Stripe instead. An account that is no seller's, and an event of the other mode (a live endpoint is sent test
 * events too), are ignored.
 */
@Component
class SellerAccountEvents implements InboxHandler {

    /** The inbox source of events on connected accounts (the Connect endpoint, verified with its own secret). */
    static final String SOURCE = "stripe-connect";

    private final Sellers sellers;
    private final SellerAccounts accounts;
    private final ConnectGateway stripe;
    private final JsonMapper json;

    SellerAccountEvents(Sellers sellers, SellerAccounts accounts, ConnectGateway stripe, JsonMapper json) {
        this.sellers = sellers;
        this.accounts = accounts;
        this.stripe = stripe;
        this.json = json;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public List<String> types() {
        return List.of("account.updated");
    }

    @Override
    public boolean handleLocally(InboxEvent event) {
        Optional<Seller> seller = sellers.byAccount(event.objectId() == null ? "" : event.objectId());
        // A live Connect endpoint is sent the connected accounts' test events too: those change nothing here.
        if (seller.isEmpty() || otherMode(event)) {
            return true;
        }
        Optional<ConnectGateway.AccountSnapshot> account = StripePayloads.currentObject(json, event.payload(),
                event.apiVersion()).map(SellerAccountEvents::account).filter(a -> a.id().equals(event.objectId()));
        if (account.isEmpty() || event.created() == null) {
            return false;
        }
        // Stripe's event time has whole seconds: the change happened at the latest by the end of that second.
        Instant changedBy = event.created().plusMillis(999);
        Seller known = seller.get();
        if (known.accountAsOf() != null && changedBy.isBefore(known.accountAsOf())) {
            return true;
        }
        if (changedBy.equals(known.accountAsOf())) {
            // Another event of the same second was kept: the same state changes nothing; another cannot be ordered.
            return sameState(known, account.get());
        }
        // Kept, or beaten by a state as new kept meanwhile (another instance): the same state is done, another is read.
        return accounts.apply(account.get(), changedBy, null)
                || sameState(sellers.byId(known.id()).orElseThrow(), account.get());
    }

    // The account is read from Stripe; a read begun within the second of a change kept already may predate it, so it
    // is tried again (the inbox retries the event) until one begun later is kept.
    @Override
    public void handle(InboxEvent event) {
        Optional<Seller> seller = sellers.byAccount(event.objectId() == null ? "" : event.objectId());
        if (seller.isEmpty() || otherMode(event)) {
            return;
        }
        SellerAccounts.Read read = accounts.reread(seller.get()).orElseThrow(
                () -> new PaymentProviderUnavailable("reading account " + event.objectId() + " from Stripe"));
        if (!read.kept() && !sameState(sellers.byId(seller.get().id()).orElseThrow(), read.account())) {
            throw new PaymentProviderUnavailable("account " + event.objectId() + " read within the second of a change"
                    + " kept already; read again later");
        }
    }

    private boolean otherMode(InboxEvent event) {
        try {
            JsonNode livemode = json.readTree(event.payload()).path("livemode");
            return livemode.isBoolean() && livemode.asBoolean() != stripe.livemode();
        } catch (tools.jackson.core.JacksonException e) {
            return false;
        }
    }

    private static boolean sameState(Seller seller, ConnectGateway.AccountSnapshot account) {
        return seller.chargesEnabled() == account.chargesEnabled() && seller.payoutsEnabled() == account.payoutsEnabled()
                && seller.detailsSubmitted() == account.detailsSubmitted()
                && seller.requirements().equals(account.requirements());
    }

    private static ConnectGateway.AccountSnapshot account(JsonNode object) {
        JsonNode r = object.path("requirements");
        return new ConnectGateway.AccountSnapshot(object.path("id").asString(""),
                object.path("charges_enabled").asBoolean(false), object.path("payouts_enabled").asBoolean(false),
                object.path("details_submitted").asBoolean(false),
                new ConnectGateway.Requirements(Sellers.strings(r.path("currently_due")),
                        Sellers.strings(r.path("past_due")), Sellers.strings(r.path("eventually_due")),
                        r.path("disabled_reason").isString() ? r.path("disabled_reason").asString() : null));
    }
}
