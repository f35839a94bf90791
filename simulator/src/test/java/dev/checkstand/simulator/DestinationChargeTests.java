package dev.checkstand.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.ApplicationFee;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Transfer;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import com.stripe.param.ApplicationFeeListParams;
import com.stripe.param.ChargeRetrieveParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.PaymentIntentUpdateParams;
import com.stripe.param.TransferListParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DestinationChargeTests {

  private ConnectSimulator setup;
  private WebhookReceiver platform;
  private WebhookReceiver connect;
  private StripeSimulator simulator;
  private StripeClient stripe;
  private String seller;

  @BeforeEach
  void start() throws StripeException {
    setup = ConnectSimulator.start();
    platform = setup.platform();
    connect = setup.connect();
    simulator = setup.simulator();
    stripe = Clients.stripe(simulator);
    seller = onboardedSeller();
  }

  @AfterEach
  void stop() {
    setup.close();
  }

  @Test
  void aDestinationChargeTransfersTheAmountLessTheFee() throws Exception {
    PaymentIntent paid = stripe.v1().paymentIntents().create(hundredDollarsTo(seller)
        .setApplicationFeeAmount(1500L).setPaymentMethod("pm_card_visa").setConfirm(true).build());

    assertThat(paid.getStatus()).isEqualTo("succeeded");
    assertThat(paid.getTransferData().getDestination()).isEqualTo(seller);
    assertThat(paid.getApplicationFeeAmount()).isEqualTo(1500L);
    assertThat(paid.getOnBehalfOf()).isNull();
    Charge charge = stripe.v1().charges().retrieve(paid.getLatestCharge(), ChargeRetrieveParams.builder()
        .addExpand("transfer").addExpand("application_fee").build(), null);
    assertThat(charge.getApplicationFeeAmount()).isEqualTo(1500L);
    assertThat(charge.getTransferData().getDestination()).isEqualTo(seller);
    assertThat(charge.getTransferGroup()).isEqualTo("group_" + paid.getId());
    Transfer transfer = charge.getTransferObject();
    assertThat(transfer.getId()).matches("tr_[A-Za-z0-9]{24}");
    assertThat(transfer.getAmount()).isEqualTo(8500L);
    assertThat(transfer.getCurrency()).isEqualTo("usd");
    assertThat(transfer.getDestination()).isEqualTo(seller);
    assertThat(transfer.getSourceTransaction()).isEqualTo(charge.getId());
    assertThat(transfer.getAmountReversed()).isZero();
    assertThat(transfer.getReversed()).isFalse();
    assertThat(transfer.getReversals().getData()).isEmpty();
    ApplicationFee fee = charge.getApplicationFeeObject();
    assertThat(fee.getId()).matches("fee_[A-Za-z0-9]{24}");
    assertThat(fee.getAmount()).isEqualTo(1500L);
    assertThat(fee.getAmountRefunded()).isZero();
    assertThat(fee.getRefunded()).isFalse();
    assertThat(fee.getAccount()).isEqualTo(seller);
    assertThat(fee.getCharge()).isEqualTo(charge.getId());
    assertThat(fee.getApplication()).startsWith("ca_");
    assertThat(fee.getRefunds().getData()).isEmpty();

    assertThat(stripe.v1().transfers().retrieve(transfer.getId()).getAmount()).isEqualTo(8500L);
    assertThat(stripe.v1().transfers().list(TransferListParams.builder().setDestination(seller).build())
        .getData()).extracting(Transfer::getId).containsExactly(transfer.getId());
    assertThat(stripe.v1().applicationFees().list(ApplicationFeeListParams.builder()
        .setCharge(charge.getId()).build()).getData()).extracting(ApplicationFee::getId)
        .containsExactly(fee.getId());
    PaymentIntent expanded = stripe.v1().paymentIntents().retrieve(paid.getId(),
        PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build(), null);
    assertThat(expanded.getLatestChargeObject().getTransfer()).isEqualTo(transfer.getId());

    Event created = awaitPlatformEvent("transfer.created");
    assertThat(created.getAccount()).isNull();
    assertThat(((Transfer) created.getDataObjectDeserializer().getObject().orElseThrow()).getAmount())
        .isEqualTo(8500L);
    Event feeCreated = awaitPlatformEvent("application_fee.created");
    assertThat(((ApplicationFee) feeCreated.getDataObjectDeserializer().getObject().orElseThrow())
        .getAmount()).isEqualTo(1500L);
    Event succeeded = awaitPlatformEvent("charge.succeeded");
    assertThat(((Charge) succeeded.getDataObjectDeserializer().getObject().orElseThrow()).getTransfer())
        .isEqualTo(transfer.getId());
    await().during(Duration.ofMillis(200)).until(() -> connect.received().size() == 1);
  }

  @Test
  void aPartialCaptureTransfersFromWhatWasCaptured() throws StripeException {
    PaymentIntent held = stripe.v1().paymentIntents().create(hundredDollarsTo(seller)
        .setApplicationFeeAmount(1500L).setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    Charge authorized = stripe.v1().charges().retrieve(held.getLatestCharge());
    assertThat(authorized.getTransfer()).isNull();
    assertThat(authorized.getApplicationFee()).isNull();

    stripe.v1().paymentIntents().capture(held.getId(),
        PaymentIntentCaptureParams.builder().setAmountToCapture(6000L).build());

    Charge captured = stripe.v1().charges().retrieve(held.getLatestCharge());
    assertThat(stripe.v1().transfers().retrieve(captured.getTransfer()).getAmount()).isEqualTo(4500L);
    assertThat(stripe.v1().applicationFees().retrieve(captured.getApplicationFee()).getAmount())
        .isEqualTo(1500L);

    PaymentIntent small = stripe.v1().paymentIntents().create(hundredDollarsTo(seller)
        .setApplicationFeeAmount(1500L).setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    stripe.v1().paymentIntents().capture(small.getId(),
        PaymentIntentCaptureParams.builder().setAmountToCapture(1000L).build());
    Charge capped = stripe.v1().charges().retrieve(small.getLatestCharge());
    assertThat(capped.getApplicationFeeAmount()).isEqualTo(1000L);
    assertThat(stripe.v1().applicationFees().retrieve(capped.getApplicationFee()).getAmount())
        .isEqualTo(1000L);
    assertThat(stripe.v1().transfers().retrieve(capped.getTransfer()).getAmount()).isZero();

    PaymentIntent fixed = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
        .setAmount(10000L).setCurrency("usd")
        .setTransferData(PaymentIntentCreateParams.TransferData.builder().setDestination(seller)
            .setAmount(7000L).build())
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    assertThat(fixed.getTransferData().getAmount()).isEqualTo(7000L);
    stripe.v1().paymentIntents().capture(fixed.getId(),
        PaymentIntentCaptureParams.builder().setAmountToCapture(5000L).build());
    Charge fixedCharge = stripe.v1().charges().retrieve(fixed.getLatestCharge());
    assertThat(stripe.v1().transfers().retrieve(fixedCharge.getTransfer()).getAmount()).isEqualTo(5000L);
    assertThat(fixedCharge.getApplicationFee()).isNull();
    assertThat(fixedCharge.getTransferData().getAmount()).isEqualTo(7000L);
  }

  @Test
  void aDestinationThatCannotChargeIsRefusedAtCreate() throws StripeException {
    String pending = stripe.v1().accounts().create(ConnectAccountTests.seller("new@example.com").build())
        .getId();

    InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().create(hundredDollarsTo(pending)
            .setApplicationFeeAmount(1500L).build()));

    assertThat(refused.getStatusCode()).isEqualTo(400);
    assertThat(refused.getCode()).isEqualTo("insufficient_capabilities_for_transfer");
    assertThat(refused.getParam()).isEqualTo("transfer_data[destination]");
    assertThat(refused.getMessage()).contains(pending, "charges_enabled is false");
    InvalidRequestException onBehalf = catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().create(hundredDollarsTo(pending).setOnBehalfOf(pending)
            .build()));
    assertThat(onBehalf.getCode()).isEqualTo("insufficient_capabilities_for_transfer");
    InvalidRequestException unknown = catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().create(hundredDollarsTo("acct_nope").build()));
    assertThat(unknown.getMessage()).startsWith("No such destination: 'acct_nope'");
    assertThat(unknown.getParam()).isEqualTo("transfer_data[destination]");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().create(hundredDollarsTo(seller)
            .setApplicationFeeAmount(10001L).build())).getParam()).isEqualTo("application_fee_amount");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().create(hundredDollarsTo(seller)
            .setApplicationFeeAmount(-1L).build())).getParam()).isEqualTo("application_fee_amount");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().create(Clients.twentyDollars()
            .setApplicationFeeAmount(100L).build())).getMessage())
        .startsWith("Can only apply an application_fee_amount when the PaymentIntent is attempting");
    assertThat(simulator.eventIds("payment_intent.created")).isEmpty();
  }

  @Test
  void confirmingAfterTheDestinationWasDeactivatedFailsAndChangesNothing() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(hundredDollarsTo(seller)
        .setApplicationFeeAmount(1500L).build());
    simulator.setAccountStatus(seller, AccountStatus.disabled("rejected.other"));

    InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().confirm(created.getId(),
            PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build()));

    assertThat(refused.getStatusCode()).isEqualTo(400);
    assertThat(refused.getCode()).isEqualTo("insufficient_capabilities_for_transfer");
    assertThat(refused.getParam()).isEqualTo("transfer_data[destination]");
    assertThat(refused.getStripeError().getPaymentIntent().getId()).isEqualTo(created.getId());
    PaymentIntent unchanged = stripe.v1().paymentIntents().retrieve(created.getId());
    assertThat(unchanged.getStatus()).isEqualTo("requires_payment_method");
    assertThat(unchanged.getLatestCharge()).isNull();
    assertThat(simulator.eventIds("charge.succeeded")).isEmpty();

    simulator.setAccountStatus(seller, AccountStatus.enabled());
    PaymentIntent paid = stripe.v1().paymentIntents().confirm(created.getId(),
        PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
    assertThat(paid.getStatus()).isEqualTo("succeeded");
  }

  @Test
  void feesAndTransferAmountsCanChangeBeforePayment() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(hundredDollarsTo(seller)
        .setApplicationFeeAmount(1500L).build());

    PaymentIntent updated = stripe.v1().paymentIntents().update(created.getId(),
        PaymentIntentUpdateParams.builder().setApplicationFeeAmount(2000L).build());

    assertThat(updated.getApplicationFeeAmount()).isEqualTo(2000L);
    InvalidRequestException tooSmall = catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().update(created.getId(),
            PaymentIntentUpdateParams.builder().setAmount(1000L).build()));
    assertThat(tooSmall.getParam()).isEqualTo("application_fee_amount");
    assertThat(stripe.v1().paymentIntents().retrieve(created.getId()).getAmount()).isEqualTo(10000L);
  }

  @Test
  void aCheckoutSessionMakesADestinationCharge() throws StripeException {
    Session session = stripe.v1().checkout().sessions().create(Checkouts.twoMugsAndATowel()
        .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
            .setApplicationFeeAmount(320L).setOnBehalfOf(seller)
            .setTransferData(SessionCreateParams.PaymentIntentData.TransferData.builder()
                .setDestination(seller).build()).build()).build());

    simulator.payCheckoutSession(session.getId(), "pm_card_visa");

    Session completed = stripe.v1().checkout().sessions().retrieve(session.getId());
    assertThat(completed.getStatus()).isEqualTo("complete");
    PaymentIntent intent = stripe.v1().paymentIntents().retrieve(completed.getPaymentIntent());
    assertThat(intent.getTransferData().getDestination()).isEqualTo(seller);
    assertThat(intent.getApplicationFeeAmount()).isEqualTo(320L);
    assertThat(intent.getOnBehalfOf()).isEqualTo(seller);
    Charge charge = stripe.v1().charges().retrieve(intent.getLatestCharge());
    assertThat(charge.getOnBehalfOf()).isEqualTo(seller);
    assertThat(stripe.v1().transfers().retrieve(charge.getTransfer()).getAmount()).isEqualTo(2880L);
    assertThat(stripe.v1().applicationFees().retrieve(charge.getApplicationFee()).getAmount())
        .isEqualTo(320L);
  }

  @Test
  void aCheckoutSessionToADisabledDestinationIsRefusedOrCannotBePaid() throws StripeException {
    SessionCreateParams params = Checkouts.twoMugsAndATowel()
        .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
            .setTransferData(SessionCreateParams.PaymentIntentData.TransferData.builder()
                .setDestination(seller).build()).build()).build();
    Session session = stripe.v1().checkout().sessions().create(params);
    simulator.setAccountStatus(seller, false, true);

    InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().checkout().sessions().create(params));
    HttpResponse<String> page = Clients.send(HttpRequest.newBuilder(URI.create(session.getUrl()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("payment_method=pm_card_visa")));

    assertThat(refused.getCode()).isEqualTo("insufficient_capabilities_for_transfer");
    assertThat(refused.getParam()).isEqualTo("payment_intent_data[transfer_data][destination]");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("cannot currently receive payments", "<button type=\"submit\">Pay");
    assertThat(stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus()).isEqualTo("open");
    assertThat(simulator.eventIds("charge.succeeded")).isEmpty();
  }

  private Event awaitPlatformEvent(String type) {
    await().until(() -> !platform.receivedMentioning("\"type\":\"" + type + "\"").isEmpty());
    WebhookReceiver.Received request = platform.receivedMentioning("\"type\":\"" + type + "\"").get(0);
    try {
      return Webhook.constructEvent(request.body(), request.signature(), simulator.webhookSecret());
    } catch (StripeException e) {
      throw new AssertionError(e);
    }
  }

  private String onboardedSeller() throws StripeException {
    Account account = stripe.v1().accounts().create(ConnectAccountTests.seller("ada@example.com").build());
    simulator.completeOnboarding(account.getId());
    return account.getId();
  }

  /** 100.00 USD to {@code destination}. */
  static PaymentIntentCreateParams.Builder hundredDollarsTo(String destination) {
    return PaymentIntentCreateParams.builder().setAmount(10000L).setCurrency("usd")
        .setTransferData(PaymentIntentCreateParams.TransferData.builder()
            .setDestination(destination).build());
  }
}
