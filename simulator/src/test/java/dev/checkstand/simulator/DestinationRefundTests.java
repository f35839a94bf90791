package dev.checkstand.simulator;

import static dev.checkstand.simulator.DestinationChargeTests.hundredDollarsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.ApplicationFee;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.FeeRefund;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.Transfer;
import com.stripe.model.TransferReversal;
import com.stripe.net.Webhook;
import com.stripe.param.RefundCreateParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DestinationRefundTests {

  private WebhookReceiver platform;
  private StripeSimulator simulator;
  private StripeClient stripe;
  private String seller;

  @BeforeEach
  void start() throws StripeException {
    platform = WebhookReceiver.start();
    simulator = StripeSimulator.builder().port(0).webhookUrl(platform.url()).start();
    stripe = Clients.stripe(simulator);
    seller = stripe.v1().accounts().create(ConnectAccountTests.seller("ada@example.com").build()).getId();
    simulator.completeOnboarding(seller);
  }

  @AfterEach
  void stop() {
    simulator.close();
    platform.close();
  }

  @Test
  void twoPartialRefundsReverseTheTransferAndRefundTheFeeInProportion() throws Exception {
    Charge charge = paidCharge(1500L);

    Refund first = refund(charge, 3333L, true, true);

    assertThat(first.getTransferReversal()).matches("trr_[A-Za-z0-9]{24}");
    Transfer transfer = stripe.v1().transfers().retrieve(charge.getTransfer());
    ApplicationFee fee = stripe.v1().applicationFees().retrieve(charge.getApplicationFee());
    // 3333 of 10000 refunded: 3333 * 8500 / 10000 = 2833.05 and 3333 * 1500 / 10000 = 499.95, rounded down.
    assertThat(transfer.getAmountReversed()).isEqualTo(2833L);
    assertThat(transfer.getReversed()).isFalse();
    TransferReversal reversal = transfer.getReversals().getData().get(0);
    assertThat(reversal.getId()).isEqualTo(first.getTransferReversal());
    assertThat(reversal.getAmount()).isEqualTo(2833L);
    assertThat(reversal.getTransfer()).isEqualTo(transfer.getId());
    assertThat(reversal.getSourceRefund()).isEqualTo(first.getId());
    assertThat(fee.getAmountRefunded()).isEqualTo(499L);
    assertThat(fee.getRefunded()).isFalse();
    FeeRefund feeRefund = fee.getRefunds().getData().get(0);
    assertThat(feeRefund.getId()).matches("fr_[A-Za-z0-9]{24}");
    assertThat(feeRefund.getAmount()).isEqualTo(499L);
    assertThat(feeRefund.getFee()).isEqualTo(fee.getId());

    Refund rest = refund(charge, null, true, true);

    assertThat(rest.getAmount()).isEqualTo(6667L);
    Transfer reversed = stripe.v1().transfers().retrieve(charge.getTransfer());
    ApplicationFee refunded = stripe.v1().applicationFees().retrieve(charge.getApplicationFee());
    assertThat(reversed.getAmountReversed()).isEqualTo(8500L);
    assertThat(reversed.getReversed()).isTrue();
    assertThat(reversed.getReversals().getData()).extracting(TransferReversal::getAmount)
        .containsExactly(5667L, 2833L);
    assertThat(stripe.v1().transfers().reversals().list(reversed.getId()).getData())
        .extracting(TransferReversal::getId).containsExactly(rest.getTransferReversal(),
            first.getTransferReversal());
    assertThat(refunded.getAmountRefunded()).isEqualTo(1500L);
    assertThat(refunded.getRefunded()).isTrue();
    assertThat(refunded.getRefunds().getData()).extracting(FeeRefund::getAmount)
        .containsExactly(1001L, 499L);

    await().until(() -> platform.receivedMentioning("\"type\":\"transfer.reversed\"").size() == 2
        && platform.receivedMentioning("\"type\":\"application_fee.refunded\"").size() == 2);
    WebhookReceiver.Received last = platform.receivedMentioning("\"type\":\"transfer.reversed\"").stream()
        .filter(request -> request.body().contains("\"amount_reversed\":8500")).findFirst().orElseThrow();
    Event event = Webhook.constructEvent(last.body(), last.signature(), simulator.webhookSecret());
    assertThat(((Transfer) event.getDataObjectDeserializer().getObject().orElseThrow()).getReversed())
        .isTrue();
  }

  @Test
  void smallPartialRefundsNeverTakeBackMoreThanTheirShare() throws StripeException {
    Charge charge = paidCharge(1500L);

    for (int i = 0; i < 3; i++) {
      refund(charge, 999L, true, true);
    }

    // Each 999 takes back 999 * 8500 / 10000 = 849.15 -> 849 and 999 * 1500 / 10000 = 149.85 -> 149.
    assertThat(stripe.v1().transfers().retrieve(charge.getTransfer()).getAmountReversed())
        .isEqualTo(3 * 849L).isLessThanOrEqualTo(3 * 999L * 8500 / 10000);
    assertThat(stripe.v1().applicationFees().retrieve(charge.getApplicationFee()).getAmountRefunded())
        .isEqualTo(3 * 149L);
  }

  @Test
  void withoutTheFlagsThePlatformPays() throws StripeException {
    Charge charge = paidCharge(1500L);

    Refund refund = refund(charge, 5000L, false, false);
    String dashboard = simulator.refundInDashboard(charge.getPaymentIntent(), 1000L);

    assertThat(refund.getTransferReversal()).isNull();
    assertThat(stripe.v1().refunds().retrieve(dashboard).getTransferReversal()).isNull();
    assertThat(stripe.v1().transfers().retrieve(charge.getTransfer()).getAmountReversed()).isZero();
    assertThat(stripe.v1().applicationFees().retrieve(charge.getApplicationFee()).getAmountRefunded())
        .isZero();
    assertThat(simulator.eventIds("transfer.reversed")).isEmpty();
    assertThat(simulator.eventIds("application_fee.refunded")).isEmpty();
  }

  @Test
  void theFlagsAreRefusedOnAChargeWithoutTransferOrFee() throws StripeException {
    PaymentIntent plain = stripe.v1().paymentIntents().create(Clients.twentyDollars()
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    Charge noFee = paidCharge(null);

    InvalidRequestException reverse = catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().refunds().create(RefundCreateParams.builder()
            .setPaymentIntent(plain.getId()).setReverseTransfer(true).build()));
    InvalidRequestException fee = catchThrowableOfType(InvalidRequestException.class,
        () -> refund(noFee, 100L, true, true));

    assertThat(reverse.getStatusCode()).isEqualTo(400);
    assertThat(reverse.getStripeError().getType()).isEqualTo("invalid_request_error");
    assertThat(reverse.getParam()).isEqualTo("reverse_transfer");
    assertThat(reverse.getMessage()).contains(plain.getLatestCharge(), "has no transfer to reverse");
    assertThat(fee.getParam()).isEqualTo("refund_application_fee");
    assertThat(fee.getMessage()).contains("has no application fee to refund");
    assertThat(simulator.eventIds("refund.created")).isEmpty();
    Refund reversedOnly = refund(noFee, 2000L, true, false);
    assertThat(stripe.v1().transfers().retrieve(noFee.getTransfer()).getAmountReversed()).isEqualTo(2000L);
    assertThat(reversedOnly.getTransferReversal()).isNotNull();
  }

  private Charge paidCharge(Long fee) throws StripeException {
    PaymentIntent paid = stripe.v1().paymentIntents().create(hundredDollarsTo(seller)
        .setApplicationFeeAmount(fee).setPaymentMethod("pm_card_visa").setConfirm(true).build());
    return stripe.v1().charges().retrieve(paid.getLatestCharge());
  }

  private Refund refund(Charge charge, Long amount, boolean reverseTransfer,
      boolean refundApplicationFee) throws StripeException {
    return stripe.v1().refunds().create(RefundCreateParams.builder().setCharge(charge.getId())
        .setAmount(amount).setReverseTransfer(reverseTransfer)
        .setRefundApplicationFee(refundApplicationFee).build());
  }
}
