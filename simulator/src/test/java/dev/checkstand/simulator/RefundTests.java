package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.idempotencyKey;
import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeCollection;
import com.stripe.net.Webhook;
import com.stripe.param.ChargeRetrieveParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.RefundUpdateParams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefundTests {

  private WebhookReceiver receiver;
  private StripeSimulator simulator;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    receiver = WebhookReceiver.start();
    simulator = StripeSimulator.builder().port(0).webhookUrl(receiver.url()).start();
    stripe = Clients.stripe(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
    receiver.close();
  }

  @Test
  void aFullRefundByPaymentIntentRefundsTheChargeAndEmitsItsEvents() throws Exception {
    PaymentIntent paid = paid("pm_card_visa");

    Refund refund = stripe.v1().refunds().create(RefundCreateParams.builder()
        .setPaymentIntent(paid.getId()).setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
        .putMetadata("order_id", "order-42").build(), idempotencyKey("order-42:refund"));

    assertThat(refund.getId()).matches("re_[A-Za-z0-9]{24}");
    assertThat(refund.getObject()).isEqualTo("refund");
    assertThat(refund.getStatus()).isEqualTo("succeeded");
    assertThat(refund.getAmount()).isEqualTo(2000L);
    assertThat(refund.getCurrency()).isEqualTo("usd");
    assertThat(refund.getCharge()).isEqualTo(paid.getLatestCharge());
    assertThat(refund.getPaymentIntent()).isEqualTo(paid.getId());
    assertThat(refund.getReason()).isEqualTo("requested_by_customer");
    assertThat(refund.getMetadata()).isEqualTo(Map.of("order_id", "order-42"));
    Charge charge = stripe.v1().charges().retrieve(paid.getLatestCharge());
    assertThat(charge.getAmountCaptured()).isEqualTo(2000L);
    assertThat(charge.getAmountRefunded()).isEqualTo(2000L);
    assertThat(charge.getRefunded()).isTrue();

    Event created = awaitEvent("refund.created");
    Event refunded = awaitEvent("charge.refunded");
    assertThat(created.getRequest().getIdempotencyKey()).isEqualTo("order-42:refund");
    assertThat(((Refund) created.getDataObjectDeserializer().getObject().orElseThrow()).getId())
        .isEqualTo(refund.getId());
    assertThat(((Charge) refunded.getDataObjectDeserializer().getObject().orElseThrow())
        .getAmountRefunded()).isEqualTo(2000L);
    Map<String, Object> previous = refunded.getData().getPreviousAttributes();
    assertThat(((Number) previous.get("amount_refunded")).longValue()).isZero();
    assertThat(previous).containsEntry("refunded", false);
  }

  @Test
  void partialRefundsAddUpAndAnOverRefundIsRefusedAsStripeRefusesIt() throws StripeException {
    PaymentIntent paid = paid("pm_card_visa");

    stripe.v1().refunds().create(RefundCreateParams.builder().setCharge(paid.getLatestCharge())
        .setAmount(500L).build());
    stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(paid.getId())
        .setAmount(700L).build());
    InvalidRequestException tooMuch = catchThrowableOfType(() -> stripe.v1().refunds().create(
        RefundCreateParams.builder().setPaymentIntent(paid.getId()).setAmount(900L).build()),
        InvalidRequestException.class);
    Charge partly = stripe.v1().charges().retrieve(paid.getLatestCharge());
    Refund rest = stripe.v1().refunds().create(RefundCreateParams.builder()
        .setPaymentIntent(paid.getId()).build());
    InvalidRequestException again = catchThrowableOfType(() -> stripe.v1().refunds().create(
        RefundCreateParams.builder().setPaymentIntent(paid.getId()).build()),
        InvalidRequestException.class);

    assertThat(tooMuch.getStatusCode()).isEqualTo(400);
    assertThat(tooMuch.getStripeError().getType()).isEqualTo("invalid_request_error");
    assertThat(tooMuch.getCode()).isEqualTo("amount_too_large");
    assertThat(tooMuch.getParam()).isEqualTo("amount");
    assertThat(tooMuch.getStripeError().getMessage())
        .isEqualTo("Refund amount ($9.00) is greater than unrefunded amount on charge ($8.00)");
    assertThat(partly.getAmountRefunded()).isEqualTo(1200L);
    assertThat(partly.getRefunded()).isFalse();
    assertThat(rest.getAmount()).isEqualTo(800L);
    assertThat(again.getCode()).isEqualTo("charge_already_refunded");
    assertThat(stripe.v1().charges().retrieve(paid.getLatestCharge()).getRefunded()).isTrue();
    assertThat(simulator.eventIds("charge.refunded")).hasSize(3);
  }

  @Test
  void onlyASucceededPaymentCanBeRefunded() throws StripeException {
    PaymentIntent unpaid = stripe.v1().paymentIntents().create(twentyDollars().build());
    PaymentIntent held = stripe.v1().paymentIntents().create(twentyDollars()
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());

    InvalidRequestException notPaid = refuse(RefundCreateParams.builder().setPaymentIntent(unpaid.getId()));
    InvalidRequestException uncaptured = refuse(RefundCreateParams.builder().setPaymentIntent(held.getId()));
    InvalidRequestException unknown = refuse(RefundCreateParams.builder().setPaymentIntent("pi_nope"));
    InvalidRequestException neither = refuse(RefundCreateParams.builder().setAmount(100L));

    assertThat(notPaid.getStripeError().getMessage()).isEqualTo("This PaymentIntent ("
        + unpaid.getId() + ") does not have a successful charge to refund.");
    assertThat(uncaptured.getParam()).isEqualTo("payment_intent");
    assertThat(unknown.getCode()).isEqualTo("resource_missing");
    assertThat(unknown.getParam()).isEqualTo("payment_intent");
    assertThat(neither.getCode()).isEqualTo("parameter_missing");
    assertThat(simulator.eventIds("refund.created")).isEmpty();
  }

  @Test
  void refundsAreRetrievedUpdatedAndListedByPaymentIntentNewestFirst() throws StripeException {
    PaymentIntent paid = paid("pm_card_visa");
    PaymentIntent other = paid("pm_card_mastercard");
    Refund first = refund(paid, 300L);
    Refund second = refund(paid, 400L);
    refund(other, 100L);

    Refund updated = stripe.v1().refunds().update(first.getId(),
        RefundUpdateParams.builder().putMetadata("note", "damaged").build());
    StripeCollection<Refund> listed = stripe.v1().refunds().list(
        RefundListParams.builder().setPaymentIntent(paid.getId()).build());
    InvalidRequestException cancel = catchThrowableOfType(
        () -> stripe.v1().refunds().cancel(first.getId()), InvalidRequestException.class);
    InvalidRequestException missing = catchThrowableOfType(
        () -> stripe.v1().refunds().retrieve("re_nope"), InvalidRequestException.class);
    Charge withRefunds = stripe.v1().charges().retrieve(paid.getLatestCharge(),
        ChargeRetrieveParams.builder().addExpand("refunds").build());

    assertThat(stripe.v1().refunds().retrieve(second.getId()).getAmount()).isEqualTo(400L);
    assertThat(updated.getMetadata()).isEqualTo(Map.of("note", "damaged"));
    assertThat(listed.getData()).extracting(Refund::getId).containsExactly(second.getId(), first.getId());
    assertThat(cancel.getStripeError().getMessage()).contains("Only refunds with a status of"
        + " requires_action can be canceled.");
    assertThat(missing.getStatusCode()).isEqualTo(404);
    assertThat(withRefunds.getRefunds().getData()).extracting(Refund::getId)
        .containsExactly(second.getId(), first.getId());
  }

  @Test
  void aRefundOnTheAsyncSuccessCardIsPendingUntilTheClockMoves() throws Exception {
    PaymentIntent paid = paid("pm_card_refundAsyncSucceeds");

    Refund pending = stripe.v1().refunds().create(
        RefundCreateParams.builder().setPaymentIntent(paid.getId()).build());
    simulator.advanceClock(Duration.ofSeconds(59));
    String stillPending = stripe.v1().refunds().retrieve(pending.getId()).getStatus();
    simulator.advanceClock(Duration.ofSeconds(1));

    assertThat(pending.getStatus()).isEqualTo("pending");
    assertThat(pending.getPendingReason()).isEqualTo("processing");
    assertThat(stillPending).isEqualTo("pending");
    assertThat(stripe.v1().refunds().retrieve(pending.getId()).getStatus()).isEqualTo("succeeded");
    Event updated = awaitEvent("charge.refund.updated");
    assertThat(updated.getData().getPreviousAttributes()).containsEntry("status", "pending");
    assertThat(((Refund) updated.getDataObjectDeserializer().getObject().orElseThrow()).getStatus())
        .isEqualTo("succeeded");
    assertThat(updated.getRequest().getId()).isNull();
    assertThat(simulator.eventIds("refund.updated")).hasSize(1);
  }

  @Test
  void aRefundOnTheAsyncFailureCardFailsLaterAndTheChargeGetsTheAmountBack() throws Exception {
    PaymentIntent paid = paid("pm_card_refundAsyncFails");

    Refund refund = stripe.v1().refunds().create(
        RefundCreateParams.builder().setPaymentIntent(paid.getId()).setAmount(1500L).build());
    simulator.advanceClock(Duration.ofMinutes(1));

    Refund failed = stripe.v1().refunds().retrieve(refund.getId());
    assertThat(refund.getStatus()).isEqualTo("succeeded");
    assertThat(failed.getStatus()).isEqualTo("failed");
    assertThat(failed.getFailureReason()).isEqualTo("expired_or_canceled_card");
    assertThat(stripe.v1().charges().retrieve(paid.getLatestCharge()).getAmountRefunded()).isZero();
    assertThat(simulator.eventIds("refund.failed")).hasSize(1);
    assertThat(awaitEvent("charge.refund.updated").getData().getPreviousAttributes())
        .containsEntry("status", "succeeded");
  }

  @Test
  void failRefundMakesAnyPendingOrSucceededRefundFailOnce() throws StripeException {
    PaymentIntent paid = paid("pm_card_visa");
    Refund refund = refund(paid, 2000L);

    simulator.failRefund(refund.getId());

    Refund failed = stripe.v1().refunds().retrieve(refund.getId());
    assertThat(failed.getStatus()).isEqualTo("failed");
    assertThat(failed.getFailureReason()).isEqualTo("unknown");
    assertThat(failed.getFailureBalanceTransaction()).startsWith("txn_");
    Charge charge = stripe.v1().charges().retrieve(paid.getLatestCharge());
    assertThat(charge.getAmountRefunded()).isZero();
    assertThat(charge.getRefunded()).isFalse();
    assertThat(refund(paid, 2000L).getStatus()).isEqualTo("succeeded");
    assertThatThrownBy(() -> simulator.failRefund(refund.getId()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("is failed");
    assertThatThrownBy(() -> simulator.failRefund("re_nope"))
        .isInstanceOf(java.util.NoSuchElementException.class).hasMessageContaining("No such refund");
  }

  @Test
  void aDashboardRefundHappensOutsideTheServiceWithTheNormalEvents() throws Exception {
    PaymentIntent paid = paid("pm_card_visa");

    String refundId = simulator.refundInDashboard(paid.getId(), 1200L);

    Refund refund = stripe.v1().refunds().retrieve(refundId);
    assertThat(refund.getAmount()).isEqualTo(1200L);
    assertThat(refund.getPaymentIntent()).isEqualTo(paid.getId());
    Event created = awaitEvent("refund.created");
    assertThat(created.getRequest().getId()).startsWith("req_");
    assertThat(created.getRequest().getIdempotencyKey()).isNull();
    assertThat(simulator.eventIds("charge.refunded")).hasSize(1);
    assertThatThrownBy(() -> simulator.refundInDashboard(paid.getId(), 900L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Refund amount ($9.00) is greater than unrefunded amount on charge ($8.00)");
  }

  @Test
  void aRepeatedRefundRequestWithTheSameKeyRefundsOnce() throws StripeException {
    PaymentIntent paid = paid("pm_card_visa");
    RefundCreateParams half = RefundCreateParams.builder().setPaymentIntent(paid.getId())
        .setAmount(1000L).build();

    Refund first = stripe.v1().refunds().create(half, idempotencyKey("order-42:refund:1"));
    Refund second = stripe.v1().refunds().create(half, idempotencyKey("order-42:refund:1"));

    assertThat(second.getId()).isEqualTo(first.getId());
    assertThat(stripe.v1().charges().retrieve(paid.getLatestCharge()).getAmountRefunded()).isEqualTo(1000L);
    assertThat(simulator.eventIds("refund.created")).hasSize(1);
  }

  private PaymentIntent paid(String method) throws StripeException {
    return stripe.v1().paymentIntents().create(twentyDollars().setPaymentMethod(method)
        .setConfirm(true).build());
  }

  private Refund refund(PaymentIntent paid, long amount) throws StripeException {
    return stripe.v1().refunds().create(RefundCreateParams.builder()
        .setPaymentIntent(paid.getId()).setAmount(amount).build());
  }

  private InvalidRequestException refuse(RefundCreateParams.Builder params) {
    return catchThrowableOfType(() -> stripe.v1().refunds().create(params.build()),
        InvalidRequestException.class);
  }

  private Event awaitEvent(String type) throws StripeException {
    await().until(() -> !received(type).isEmpty());
    List<WebhookReceiver.Received> matching = received(type);
    WebhookReceiver.Received request = matching.get(matching.size() - 1);
    return Webhook.constructEvent(request.body(), request.signature(), simulator.webhookSecret());
  }

  private List<WebhookReceiver.Received> received(String type) {
    return receiver.received().stream().filter(request -> com.google.gson.JsonParser
        .parseString(request.body()).getAsJsonObject().get("type").getAsString().equals(type)).toList();
  }
}
