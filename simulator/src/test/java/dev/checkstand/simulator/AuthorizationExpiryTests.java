package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthorizationExpiryTests {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final long SEVEN_DAYS = Duration.ofDays(7).toSeconds();

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
  void aManualCaptureChargeMustBeCapturedWithinSevenDaysByDefault() throws StripeException {
    JsonObject config = json(get("/_sim/config"));

    PaymentIntent held = authorize();
    PaymentIntent paid = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());

    assertThat(config.get("authorizationValiditySeconds").getAsLong()).isEqualTo(SEVEN_DAYS);
    assertThat(config.get("authorizationExpiry").getAsString()).isEqualTo("cancel");
    assertThat(captureBefore(held)).isEqualTo(NOW.getEpochSecond() + SEVEN_DAYS);
    assertThat(captureBefore(paid)).isNull();
  }

  @Test
  void theValidityIsSetThroughTheControlApiAndCountsFromTheAuthorization() throws StripeException {
    HttpResponse<String> set = post("/_sim/config", "{\"authorizationValiditySeconds\": 3600}");
    PaymentIntent challenged = stripe.v1().paymentIntents().create(twentyDollars()
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .setPaymentMethod("pm_card_threeDSecure2Required").setConfirm(true).build());
    advance(600);
    simulator.completeAuthentication(challenged.getId(), true);

    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(json(set).get("authorizationValiditySeconds").getAsLong()).isEqualTo(3600L);
    assertThat(captureBefore(stripe.v1().paymentIntents().retrieve(challenged.getId())))
        .isEqualTo(NOW.getEpochSecond() + 600 + 3600);
  }

  @Test
  void badAuthorizationSettingsAreRefusedAndChangeNothing() {
    HttpResponse<String> zero = post("/_sim/config", "{\"authorizationValiditySeconds\": 0}");
    HttpResponse<String> fraction = post("/_sim/config", "{\"authorizationValiditySeconds\": 1.5}");
    HttpResponse<String> unknown = post("/_sim/config",
        "{\"authorizationValiditySeconds\": 60, \"authorizationExpiry\": \"refund\"}");

    assertThat(zero.statusCode()).isEqualTo(400);
    assertThat(zero.body()).contains("authorizationValiditySeconds must be a whole number of seconds");
    assertThat(fraction.statusCode()).isEqualTo(400);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).getAsJsonObject("error").get("message").getAsString())
        .isEqualTo("authorizationExpiry must be one of \"cancel\", \"keep\", was \"refund\"");
    JsonObject config = json(get("/_sim/config"));
    assertThat(config.get("authorizationValiditySeconds").getAsLong()).isEqualTo(SEVEN_DAYS);
    assertThat(config.get("authorizationExpiry").getAsString()).isEqualTo("cancel");
  }

  @Test
  void theAuthorizationSettingsAreKeptAcrossAReset() {
    post("/_sim/config", "{\"authorizationValiditySeconds\": 120, \"authorizationExpiry\": \"keep\"}");

    post("/_sim/reset", "");

    JsonObject config = json(get("/_sim/config"));
    assertThat(config.get("authorizationValiditySeconds").getAsLong()).isEqualTo(120L);
    assertThat(config.get("authorizationExpiry").getAsString()).isEqualTo("keep");
  }

  @Test
  void aCaptureJustBeforeTheDeadlineSucceedsAndThePassingDeadlineThenChangesNothing()
      throws StripeException {
    PaymentIntent held = authorize();
    advance(SEVEN_DAYS - 1);

    PaymentIntent captured = stripe.v1().paymentIntents().capture(held.getId());
    advance(1);

    assertThat(captured.getStatus()).isEqualTo("succeeded");
    assertThat(captured.getAmountReceived()).isEqualTo(2000L);
    PaymentIntent later = stripe.v1().paymentIntents().retrieve(held.getId());
    assertThat(later.getStatus()).isEqualTo("succeeded");
    Charge charge = stripe.v1().charges().retrieve(held.getLatestCharge());
    assertThat(charge.getCaptured()).isTrue();
    assertThat(charge.getAmountRefunded()).isZero();
    assertThat(charge.getPaymentMethodDetails().getCard().getCaptureBefore()).isNull();
    assertThat(simulator.eventIds("charge.expired")).isEmpty();
    assertThat(simulator.eventIds("payment_intent.canceled")).isEmpty();
  }

  @Test
  void withCancelThePassingDeadlineCancelsThePaymentIntentAndReleasesTheCharge()
      throws StripeException {
    PaymentIntent held = authorize();
    advance(SEVEN_DAYS - 1);
    String beforeDeadline = stripe.v1().paymentIntents().retrieve(held.getId()).getStatus();

    advance(3600);

    assertThat(beforeDeadline).isEqualTo("requires_capture");
    PaymentIntent expired = stripe.v1().paymentIntents().retrieve(held.getId());
    assertThat(expired.getStatus()).isEqualTo("canceled");
    assertThat(expired.getCancellationReason()).isEqualTo("automatic");
    assertThat(expired.getCanceledAt()).isEqualTo(NOW.getEpochSecond() + SEVEN_DAYS);
    assertThat(expired.getAmountCapturable()).isZero();
    assertThat(expired.getAmountReceived()).isZero();
    Charge charge = stripe.v1().charges().retrieve(held.getLatestCharge());
    assertThat(charge.getCaptured()).isFalse();
    assertThat(charge.getAmountCaptured()).isZero();
    assertThat(charge.getAmountRefunded()).isEqualTo(2000L);
    assertThat(charge.getRefunded()).isTrue();
    assertThat(charge.getPaymentMethodDetails().getCard().getCaptureBefore()).isNull();
    List<String> ids = simulator.eventIds(null);
    Event chargeExpired = stripe.v1().events().retrieve(ids.get(ids.size() - 2));
    Event canceled = stripe.v1().events().retrieve(ids.get(ids.size() - 1));
    assertThat(chargeExpired.getType()).isEqualTo("charge.expired");
    assertThat(((Charge) chargeExpired.getDataObjectDeserializer().getObject().orElseThrow())
        .getAmountRefunded()).isEqualTo(2000L);
    assertThat(chargeExpired.getRequest().getId()).isNull();
    assertThat(canceled.getType()).isEqualTo("payment_intent.canceled");
    assertThat(((PaymentIntent) canceled.getDataObjectDeserializer().getObject().orElseThrow())
        .getCancellationReason()).isEqualTo("automatic");
    assertThat(simulator.eventIds("charge.expired")).hasSize(1);
    assertThat(simulator.eventIds("payment_intent.canceled")).hasSize(1);
    InvalidRequestException capture = catchThrowableOfType(
        () -> stripe.v1().paymentIntents().capture(held.getId()), InvalidRequestException.class);
    assertThat(capture.getCode()).isEqualTo("payment_intent_unexpected_state");
  }

  @Test
  void withKeepACaptureAfterTheDeadlineIsRefusedAndACancelStillReleasesTheCharge()
      throws StripeException {
    post("/_sim/config", "{\"authorizationExpiry\": \"keep\"}");
    PaymentIntent held = authorize();
    advance(SEVEN_DAYS);

    InvalidRequestException refused = catchThrowableOfType(
        () -> stripe.v1().paymentIntents().capture(held.getId()), InvalidRequestException.class);
    PaymentIntent stillHeld = stripe.v1().paymentIntents().retrieve(held.getId());
    PaymentIntent canceled = stripe.v1().paymentIntents().cancel(held.getId());

    assertThat(refused.getStatusCode()).isEqualTo(400);
    assertThat(refused.getCode()).isEqualTo("charge_expired_for_capture");
    assertThat(refused.getStripeError().getType()).isEqualTo("invalid_request_error");
    assertThat(refused.getStripeError().getCharge()).isEqualTo(held.getLatestCharge());
    assertThat(refused.getStripeError().getMessage())
        .contains("authorization of its charge " + held.getLatestCharge() + " expired")
        .contains("capture_before " + (NOW.getEpochSecond() + SEVEN_DAYS));
    assertThat(refused.getStripeError().getPaymentIntent().getStatus()).isEqualTo("requires_capture");
    assertThat(stillHeld.getStatus()).isEqualTo("requires_capture");
    assertThat(stillHeld.getAmountCapturable()).isEqualTo(2000L);
    assertThat(simulator.eventIds("charge.expired")).isEmpty();
    assertThat(simulator.eventIds("charge.captured")).isEmpty();
    assertThat(canceled.getStatus()).isEqualTo("canceled");
    assertThat(canceled.getCancellationReason()).isNull();
    assertThat(canceled.getAmountCapturable()).isZero();
    Charge charge = stripe.v1().charges().retrieve(held.getLatestCharge());
    assertThat(charge.getCaptured()).isFalse();
    assertThat(charge.getAmountRefunded()).isEqualTo(2000L);
    assertThat(simulator.eventIds("payment_intent.canceled")).hasSize(1);
  }

  @Test
  void aManualCaptureHoldMadeByCheckoutExpiresTooAndTheSessionStaysComplete()
      throws StripeException {
    Session session = stripe.v1().checkout().sessions().create(Checkouts.twoMugsAndATowel()
        .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
            .setCaptureMethod(SessionCreateParams.PaymentIntentData.CaptureMethod.MANUAL).build())
        .build());
    post("/_sim/checkout/sessions/" + session.getId() + "/pay", "{}");
    String intentId = stripe.v1().checkout().sessions().retrieve(session.getId()).getPaymentIntent();
    PaymentIntent held = stripe.v1().paymentIntents().retrieve(intentId);
    Long deadline = captureBefore(held);

    advance(SEVEN_DAYS);

    assertThat(held.getStatus()).isEqualTo("requires_capture");
    assertThat(deadline).isEqualTo(NOW.getEpochSecond() + SEVEN_DAYS);
    PaymentIntent expired = stripe.v1().paymentIntents().retrieve(intentId);
    assertThat(expired.getStatus()).isEqualTo("canceled");
    assertThat(expired.getCancellationReason()).isEqualTo("automatic");
    assertThat(stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus())
        .isEqualTo("complete");
  }

  @Test
  void aPartialCaptureReceivesTheCapturedAmountAndReleasesTheRest() throws StripeException {
    PaymentIntent held = authorize();

    PaymentIntent captured = stripe.v1().paymentIntents().capture(held.getId(),
        PaymentIntentCaptureParams.builder().setAmountToCapture(1200L).build());

    assertThat(captured.getStatus()).isEqualTo("succeeded");
    assertThat(captured.getAmount()).isEqualTo(2000L);
    assertThat(captured.getAmountReceived()).isEqualTo(1200L);
    assertThat(captured.getAmountCapturable()).isZero();
    Charge charge = stripe.v1().charges().retrieve(held.getLatestCharge());
    assertThat(charge.getCaptured()).isTrue();
    assertThat(charge.getAmountCaptured()).isEqualTo(1200L);
    assertThat(charge.getAmountRefunded()).isEqualTo(800L);
    assertThat(charge.getRefunded()).isFalse();
    InvalidRequestException again = catchThrowableOfType(
        () -> stripe.v1().paymentIntents().capture(held.getId()), InvalidRequestException.class);
    assertThat(again.getCode()).isEqualTo("payment_intent_unexpected_state");
    assertThat(again.getStripeError().getPaymentIntent().getStatus()).isEqualTo("succeeded");
    assertThat(simulator.eventIds("charge.captured")).hasSize(1);
  }

  @Test
  void capturingMoreThanIsCapturableIsRefusedAndChangesNothing() throws StripeException {
    PaymentIntent held = authorize();

    InvalidRequestException refused = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .capture(held.getId(), PaymentIntentCaptureParams.builder().setAmountToCapture(2001L).build()),
        InvalidRequestException.class);

    assertThat(refused.getStatusCode()).isEqualTo(400);
    assertThat(refused.getCode()).isEqualTo("amount_too_large");
    assertThat(refused.getParam()).isEqualTo("amount_to_capture");
    assertThat(refused.getStripeError().getType()).isEqualTo("invalid_request_error");
    PaymentIntent unchanged = stripe.v1().paymentIntents().retrieve(held.getId());
    assertThat(unchanged.getStatus()).isEqualTo("requires_capture");
    assertThat(unchanged.getAmountCapturable()).isEqualTo(2000L);
    assertThat(stripe.v1().charges().retrieve(held.getLatestCharge()).getCaptured()).isFalse();
    assertThat(simulator.eventIds("charge.captured")).isEmpty();
  }

  @Test
  void capturingAPaymentIntentThatAwaitsNoCaptureIsAnUnexpectedState() throws StripeException {
    PaymentIntent unpaid = stripe.v1().paymentIntents().create(twentyDollars()
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL).build());
    PaymentIntent paid = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());

    InvalidRequestException ofUnpaid = catchThrowableOfType(
        () -> stripe.v1().paymentIntents().capture(unpaid.getId()), InvalidRequestException.class);
    InvalidRequestException ofPaid = catchThrowableOfType(
        () -> stripe.v1().paymentIntents().capture(paid.getId()), InvalidRequestException.class);

    assertThat(ofUnpaid.getStatusCode()).isEqualTo(400);
    assertThat(ofUnpaid.getCode()).isEqualTo("payment_intent_unexpected_state");
    assertThat(ofUnpaid.getStripeError().getPaymentIntent().getStatus())
        .isEqualTo("requires_payment_method");
    assertThat(ofPaid.getCode()).isEqualTo("payment_intent_unexpected_state");
    assertThat(ofPaid.getStripeError().getPaymentIntent().getStatus()).isEqualTo("succeeded");
  }

  private PaymentIntent authorize() throws StripeException {
    PaymentIntent held = stripe.v1().paymentIntents().create(twentyDollars()
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    assertThat(held.getStatus()).isEqualTo("requires_capture");
    return held;
  }

  private Long captureBefore(PaymentIntent intent) throws StripeException {
    return stripe.v1().charges().retrieve(intent.getLatestCharge())
        .getPaymentMethodDetails().getCard().getCaptureBefore();
  }

  private void advance(long seconds) {
    HttpResponse<String> advanced = post("/_sim/clock/advance", "{\"seconds\": " + seconds + "}");
    assertThat(advanced.statusCode()).isEqualTo(200);
  }

  private static JsonObject json(HttpResponse<String> response) {
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  private HttpResponse<String> get(String path) {
    return Clients.send(Clients.request(simulator, path));
  }

  private HttpResponse<String> post(String path, String json) {
    return Clients.send(Clients.request(simulator, path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }
}
