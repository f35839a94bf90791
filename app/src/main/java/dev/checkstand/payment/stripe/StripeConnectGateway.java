package dev.checkstand.payment.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.ApplicationFee;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountLinkCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import dev.checkstand.payment.gateway.ConnectGateway;
import dev.checkstand.payment.gateway.GatewayResult;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** {@link ConnectGateway} over the official stripe-java client. */
@Component
class StripeConnectGateway implements ConnectGateway {

    private final StripeClient stripe;
    private final boolean livemode;

    StripeConnectGateway(StripeClient stripe, StripeConnection connection) {
        this.stripe = stripe;
        this.livemode = connection.livemode();
    }

    @Override
    public boolean livemode() {
        return livemode;
    }

    @Override
    public GatewayResult<AccountSnapshot> createExpressAccount(NewAccount request) {
        AccountCreateParams.Builder params = AccountCreateParams.builder()
                .setType(AccountCreateParams.Type.EXPRESS)
                .setCapabilities(AccountCreateParams.Capabilities.builder()
                        .setCardPayments(AccountCreateParams.Capabilities.CardPayments.builder().setRequested(true).build())
                        .setTransfers(AccountCreateParams.Capabilities.Transfers.builder().setRequested(true).build())
                        .build())
                .putAllMetadata(request.metadata());
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(request.idempotencyKey()).build();
        try {
            return new GatewayResult.Succeeded<>(account(stripe.v1().accounts().create(params.build(), options)));
        } catch (StripeException e) {
            return StripeGateway.failure("create Account", e);
        }
    }

    @Override
    public GatewayResult<AccountSnapshot> retrieveAccount(String accountId) {
        try {
            return new GatewayResult.Succeeded<>(account(stripe.v1().accounts().retrieve(accountId)));
        } catch (StripeException e) {
            return StripeGateway.failure("retrieve Account", e);
        }
    }

    @Override
    public GatewayResult<AccountLink> createOnboardingLink(String accountId, String refreshUrl, String returnUrl) {
        AccountLinkCreateParams params = AccountLinkCreateParams.builder()
                .setAccount(accountId)
                .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
                .setRefreshUrl(refreshUrl)
                .setReturnUrl(returnUrl)
                .build();
        try {
            com.stripe.model.AccountLink link = stripe.v1().accountLinks().create(params);
            return new GatewayResult.Succeeded<>(new AccountLink(link.getUrl(),
                    link.getExpiresAt() == null ? null : Instant.ofEpochSecond(link.getExpiresAt())));
        } catch (StripeException e) {
            return StripeGateway.failure("create Account Link", e);
        }
    }

    @Override
    public GatewayResult<Optional<TransferSnapshot>> transferOf(String paymentIntentId) {
        PaymentIntentRetrieveParams params = PaymentIntentRetrieveParams.builder()
                .addExpand("latest_charge")
                .build();
        try {
            PaymentIntent pi = stripe.v1().paymentIntents().retrieve(paymentIntentId, params);
            Charge charge = pi.getLatestChargeObject();
            if (charge == null || charge.getTransfer() == null) {
                return new GatewayResult.Succeeded<>(Optional.empty());
            }
            Transfer transfer = stripe.v1().transfers().retrieve(charge.getTransfer());
            ApplicationFee fee = charge.getApplicationFee() == null ? null
                    : stripe.v1().applicationFees().retrieve(charge.getApplicationFee());
            return new GatewayResult.Succeeded<>(Optional.of(new TransferSnapshot(transfer.getId(),
                    transfer.getDestination(), orZero(transfer.getAmount()), orZero(transfer.getAmountReversed()),
                    fee == null ? null : fee.getId(), fee == null ? 0 : orZero(fee.getAmount()),
                    fee == null ? 0 : orZero(fee.getAmountRefunded()))));
        } catch (StripeException e) {
            return StripeGateway.failure("read Transfer", e);
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static AccountSnapshot account(Account account) {
        Account.Requirements r = account.getRequirements();
        return new AccountSnapshot(account.getId(), Boolean.TRUE.equals(account.getChargesEnabled()),
                Boolean.TRUE.equals(account.getPayoutsEnabled()), Boolean.TRUE.equals(account.getDetailsSubmitted()),
                r == null ? Requirements.NONE : new Requirements(r.getCurrentlyDue(), r.getPastDue(), r.getEventuallyDue(),
                        r.getDisabledReason()));
    }
}
