package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.PaymentIntentUpdateParams;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaymentIntentTests {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private StripeSimulator simulator;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    simulator = StripeSimulator.builder().port(0).clock(Clock.fixed(NOW, ZoneOffset.UTC)).start();
    stripe = Clients.stripe(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void createdPaymentIntentHasStripesShapeAndCanBeRetrieved() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars()
        .putMetadata("order_id", "order-42").setDescription("Two mugs").build());

    assertThat(created.getId()).matches("pi_[A-Za-z0-9]{24}");
    assertThat(created.getObject()).isEqualTo("payment_intent");
    assertThat(created.getStatus()).isEqualTo("requires_payment_method");
    assertThat(created.getAmount()).isEqualTo(2000L);
    assertThat(created.getCurrency()).isEqualTo("usd");
    assertThat(created.getAmountReceived()).isZero();
    assertThat(created.getAmountCapturable()).isZero();
    assertThat(created.getCaptureMethod()).isEqualTo("automatic");
    assertThat(created.getConfirmationMethod()).isEqualTo("automatic");
    assertThat(created.getClientSecret()).startsWith(created.getId() + "_secret_");
    assertThat(created.getCreated()).isEqualTo(NOW.getEpochSecond());
    assertThat(created.getLivemode()).isFalse();
    assertThat(created.getMetadata()).isEqualTo(Map.of("order_id", "order-42"));
    assertThat(created.getDescription()).isEqualTo("Two mugs");
    assertThat(created.getPaymentMethodTypes()).containsExactly("card");
    assertThat(created.getAutomaticPaymentMethods().getEnabled()).isTrue();
    assertThat(created.getLatestCharge()).isNull();
    assertThat(created.getLastResponse().headers().firstValue("Request-Id").orElseThrow())
        .matches("req_[A-Za-z0-9]{24}");

    PaymentIntent retrieved = stripe.v1().paymentIntents().retrieve(created.getId());
    assertThat(retrieved.getRawJsonObject()).isEqualTo(created.getRawJsonObject());
  }

  @Test
  void confirmingWithVisaSucceedsAndLeavesACapturedCharge() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());

    PaymentIntent confirmed = stripe.v1().paymentIntents().confirm(created.getId(),
        PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());

    assertThat(confirmed.getStatus()).isEqualTo("succeeded");
    assertThat(confirmed.getAmountReceived()).isEqualTo(2000L);
    assertThat(confirmed.getPaymentMethod()).matches("pm_[A-Za-z0-9]{24}");
    assertThat(confirmed.getLatestCharge()).matches("ch_[A-Za-z0-9]{24}");
    Charge charge = stripe.v1().charges().retrieve(confirmed.getLatestCharge());
    assertThat(charge.getAmount()).isEqualTo(2000L);
    assertThat(charge.getAmountCaptured()).isEqualTo(2000L);
    assertThat(charge.getAmountRefunded()).isZero();
    assertThat(charge.getPaid()).isTrue();
    assertThat(charge.getCaptured()).isTrue();
    assertThat(charge.getRefunded()).isFalse();
    assertThat(charge.getStatus()).isEqualTo("succeeded");
    assertThat(charge.getPaymentIntent()).isEqualTo(created.getId());
    assertThat(charge.getPaymentMethod()).isEqualTo(confirmed.getPaymentMethod());
    assertThat(charge.getPaymentMethodDetails().getCard().getLast4()).isEqualTo("4242");
    assertThat(simulator.eventIds("payment_intent.succeeded")).hasSize(1);
    assertThat(simulator.eventIds("charge.succeeded")).hasSize(1);
  }

  @Test
  void createWithConfirmPaysInOneCall() throws StripeException {
    PaymentIntent paid = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_mastercard").setConfirm(true).build());

    assertThat(paid.getStatus()).isEqualTo("succeeded");
    assertThat(simulator.eventIds(null)).hasSize(3);
  }

  @Test
  void paymentMethodGivenAtCreationAwaitsConfirmation() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_visa").build());
    assertThat(created.getStatus()).isEqualTo("requires_confirmation");

    PaymentIntent confirmed = stripe.v1().paymentIntents().confirm(created.getId());

    assertThat(confirmed.getStatus()).isEqualTo("succeeded");
    assertThat(confirmed.getPaymentMethod()).isEqualTo(created.getPaymentMethod());
  }

  @Test
  void latestChargeExpandsToTheCharge() throws StripeException {
    PaymentIntent paid = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());

    PaymentIntent expanded = stripe.v1().paymentIntents().retrieve(paid.getId(),
        PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build());

    assertThat(expanded.getLatestChargeObject().getId()).isEqualTo(paid.getLatestCharge());
    assertThat(expanded.getLatestChargeObject().getAmountCaptured()).isEqualTo(2000L);
  }

  @Test
  void missingAmountIsAParameterMissingError() {
    InvalidRequestException error = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .create(PaymentIntentCreateParams.builder().setCurrency("usd").build()),
        InvalidRequestException.class);

    assertThat(error.getStatusCode()).isEqualTo(400);
    assertThat(error.getCode()).isEqualTo("parameter_missing");
    assertThat(error.getParam()).isEqualTo("amount");
    assertThat(error.getStripeError().getType()).isEqualTo("invalid_request_error");
    assertThat(simulator.eventIds(null)).isEmpty();
  }

  @Test
  void amountsOutsideStripesLimitsAreRefused() {
    InvalidRequestException tooLarge = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .create(twentyDollars().setAmount(100_000_000L).build()), InvalidRequestException.class);
    InvalidRequestException tooSmall = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .create(twentyDollars().setAmount(49L).build()), InvalidRequestException.class);

    assertThat(tooLarge.getCode()).isEqualTo("amount_too_large");
    assertThat(tooSmall.getCode()).isEqualTo("amount_too_small");
    assertThat(tooSmall.getParam()).isEqualTo("amount");
  }

  @Test
  void unknownParameterIsRefused() {
    InvalidRequestException error = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .create(twentyDollars().putExtraParam("colour", "blue").build()),
        InvalidRequestException.class);

    assertThat(error.getCode()).isEqualTo("parameter_unknown");
    assertThat(error.getParam()).isEqualTo("colour");
  }

  @Test
  void unknownPaymentIntentIsResourceMissing() {
    InvalidRequestException error = catchThrowableOfType(
        () -> stripe.v1().paymentIntents().retrieve("pi_missing"), InvalidRequestException.class);

    assertThat(error.getStatusCode()).isEqualTo(404);
    assertThat(error.getCode()).isEqualTo("resource_missing");
    assertThat(error.getParam()).isEqualTo("id");
    assertThat(error.getStripeError().getMessage()).isEqualTo("No such payment_intent: 'pi_missing'");
    assertThat(error.getRequestId()).startsWith("req_");
  }

  @Test
  void confirmingASucceededPaymentIntentIsAnUnexpectedState() throws StripeException {
    PaymentIntent paid = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());

    InvalidRequestException error = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .confirm(paid.getId(), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa")
            .build()), InvalidRequestException.class);

    assertThat(error.getStatusCode()).isEqualTo(400);
    assertThat(error.getCode()).isEqualTo("payment_intent_unexpected_state");
    assertThat(error.getStripeError().getPaymentIntent().getStatus()).isEqualTo("succeeded");
    assertThat(simulator.eventIds("charge.succeeded")).hasSize(1);
  }

  @Test
  void confirmingWithoutAPaymentMethodIsRefused() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());

    InvalidRequestException error = catchThrowableOfType(
        () -> stripe.v1().paymentIntents().confirm(created.getId()), InvalidRequestException.class);

    assertThat(error.getStripeError().getMessage())
        .startsWith("You cannot confirm this PaymentIntent because it's missing a payment method.");
    assertThat(stripe.v1().paymentIntents().retrieve(created.getId()).getStatus())
        .isEqualTo("requires_payment_method");
  }

  @Test
  void cancelingRecordsTheReasonAndEndsThePaymentIntent() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());

    PaymentIntent canceled = stripe.v1().paymentIntents().cancel(created.getId(),
        PaymentIntentCancelParams.builder()
            .setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED).build());

    assertThat(canceled.getStatus()).isEqualTo("canceled");
    assertThat(canceled.getCancellationReason()).isEqualTo("abandoned");
    assertThat(canceled.getCanceledAt()).isEqualTo(NOW.getEpochSecond());
    assertThat(simulator.eventIds("payment_intent.canceled")).hasSize(1);
    InvalidRequestException again = catchThrowableOfType(
        () -> stripe.v1().paymentIntents().cancel(created.getId()), InvalidRequestException.class);
    assertThat(again.getCode()).isEqualTo("payment_intent_unexpected_state");
    InvalidRequestException confirm = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .confirm(created.getId(), PaymentIntentConfirmParams.builder()
            .setPaymentMethod("pm_card_visa").build()), InvalidRequestException.class);
    assertThat(confirm.getCode()).isEqualTo("payment_intent_unexpected_state");
  }

  @Test
  void cancelingASucceededPaymentIntentIsRefused() throws StripeException {
    PaymentIntent paid = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());

    InvalidRequestException error = catchThrowableOfType(
        () -> stripe.v1().paymentIntents().cancel(paid.getId()), InvalidRequestException.class);

    assertThat(error.getCode()).isEqualTo("payment_intent_unexpected_state");
    assertThat(simulator.eventIds("payment_intent.canceled")).isEmpty();
  }

  @Test
  void updateChangesAmountBeforePaymentAndMetadataAlways() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars()
        .putMetadata("order_id", "order-42").build());

    PaymentIntent updated = stripe.v1().paymentIntents().update(created.getId(),
        PaymentIntentUpdateParams.builder().setAmount(2500L).putMetadata("attempt", "2").build());
    assertThat(updated.getAmount()).isEqualTo(2500L);
    assertThat(updated.getMetadata()).isEqualTo(Map.of("order_id", "order-42", "attempt", "2"));

    stripe.v1().paymentIntents().confirm(created.getId(),
        PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
    InvalidRequestException amountAfterPayment = catchThrowableOfType(() -> stripe.v1()
        .paymentIntents().update(created.getId(),
            PaymentIntentUpdateParams.builder().setAmount(3000L).build()),
        InvalidRequestException.class);
    assertThat(amountAfterPayment.getCode()).isEqualTo("payment_intent_unexpected_state");
    PaymentIntent relabeled = stripe.v1().paymentIntents().update(created.getId(),
        PaymentIntentUpdateParams.builder().putMetadata("attempt", "").build());
    assertThat(relabeled.getMetadata()).isEqualTo(Map.of("order_id", "order-42"));
    assertThat(relabeled.getAmountReceived()).isEqualTo(2500L);
  }

  @Test
  void manualCaptureAuthorizesThenCapturesPartOfTheAmount() throws StripeException {
    PaymentIntent authorized = stripe.v1().paymentIntents().create(twentyDollars()
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    assertThat(authorized.getStatus()).isEqualTo("requires_capture");
    assertThat(authorized.getAmountCapturable()).isEqualTo(2000L);

    PaymentIntent captured = stripe.v1().paymentIntents().capture(authorized.getId(),
        PaymentIntentCaptureParams.builder().setAmountToCapture(1500L).build());

    assertThat(captured.getStatus()).isEqualTo("succeeded");
    assertThat(captured.getAmountReceived()).isEqualTo(1500L);
    assertThat(captured.getAmountCapturable()).isZero();
    Charge charge = stripe.v1().charges().retrieve(captured.getLatestCharge());
    assertThat(charge.getAmountCaptured()).isEqualTo(1500L);
    assertThat(charge.getAmountRefunded()).isEqualTo(500L);
    assertThat(simulator.eventIds("payment_intent.amount_capturable_updated")).hasSize(1);
    assertThat(simulator.eventIds("charge.captured")).hasSize(1);
    Map<String, Object> previous = stripe.v1().events()
        .retrieve(simulator.eventIds("charge.captured").get(0)).getData().getPreviousAttributes();
    assertThat(previous).containsEntry("captured", false);
    assertThat(((Number) previous.get("amount_captured")).longValue()).isZero();
  }

  @Test
  void apiCallCountsUseTemplatedPaths() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());
    stripe.v1().paymentIntents().retrieve(created.getId());
    stripe.v1().paymentIntents().retrieve(created.getId());

    assertThat(simulator.apiCallCounts())
        .containsEntry("POST /v1/payment_intents", 1L)
        .containsEntry("GET /v1/payment_intents/{id}", 2L);
  }

  @Test
  void paymentIntentsAreListedNewestFirstWithCursorsAndFilters() throws StripeException {
    PaymentIntent first = stripe.v1().paymentIntents().create(twentyDollars().build());
    PaymentIntent second = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    PaymentIntent third = stripe.v1().paymentIntents().create(twentyDollars().build());

    com.stripe.model.StripeCollection<PaymentIntent> all = stripe.v1().paymentIntents().list();
    com.stripe.model.StripeCollection<PaymentIntent> page = stripe.v1().paymentIntents().list(
        com.stripe.param.PaymentIntentListParams.builder().setLimit(1L)
            .setStartingAfter(third.getId()).addExpand("data.latest_charge").build());
    com.stripe.model.StripeCollection<PaymentIntent> created = stripe.v1().paymentIntents().list(
        com.stripe.param.PaymentIntentListParams.builder().setCreated(
            com.stripe.param.PaymentIntentListParams.Created.builder()
                .setGt(NOW.getEpochSecond()).build()).build());
    com.stripe.model.StripeCollection<PaymentIntent> ofCustomer = stripe.v1().paymentIntents().list(
        com.stripe.param.PaymentIntentListParams.builder().setCustomer("cus_nobody").build());

    assertThat(all.getData()).extracting(PaymentIntent::getId)
        .containsExactly(third.getId(), second.getId(), first.getId());
    assertThat(all.getUrl()).isEqualTo("/v1/payment_intents");
    assertThat(page.getData()).extracting(PaymentIntent::getId).containsExactly(second.getId());
    assertThat(page.getHasMore()).isTrue();
    assertThat(page.getData().get(0).getLatestChargeObject().getId()).isEqualTo(second.getLatestCharge());
    assertThat(created.getData()).isEmpty();
    assertThat(ofCustomer.getData()).isEmpty();
  }
}
