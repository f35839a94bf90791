package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlApiTests {

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
  void configSwitchesDeliveryOffAndChangesTheEndpoint() {
    HttpResponse<String> response = post("/_sim/config",
        "{\"webhookDeliveryEnabled\": false, \"webhookUrl\": null}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject config = JsonParser.parseString(response.body()).getAsJsonObject();
    assertThat(config.get("webhookDeliveryEnabled").getAsBoolean()).isFalse();
    assertThat(config.get("webhookUrl").isJsonNull()).isTrue();
    assertThat(simulator.webhookDeliveryEnabled()).isFalse();
    assertThat(simulator.webhookUrl()).isNull();
  }

  @Test
  void unknownConfigFieldsAreRefused() {
    HttpResponse<String> response = post("/_sim/config", "{\"webhookDelivery\": false}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Unknown config field webhookDelivery");
    assertThat(simulator.webhookDeliveryEnabled()).isTrue();
  }

  @Test
  void deliveriesAndCallsAreListed() throws Exception {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());
    await().until(() -> simulator.deliveries().size() == 1);

    JsonArray deliveries = JsonParser.parseString(get("/_sim/deliveries").body()).getAsJsonArray();
    JsonObject calls = JsonParser.parseString(get("/_sim/calls").body()).getAsJsonObject();

    JsonObject delivery = deliveries.get(0).getAsJsonObject();
    assertThat(delivery.get("eventId").getAsString()).isEqualTo(simulator.eventIds(null).get(0));
    assertThat(delivery.get("eventType").getAsString()).isEqualTo("payment_intent.created");
    assertThat(delivery.get("attempt").getAsInt()).isEqualTo(1);
    assertThat(delivery.get("status").getAsInt()).isEqualTo(200);
    assertThat(calls.get("POST /v1/payment_intents").getAsLong()).isEqualTo(1L);
    assertThat(created.getId()).startsWith("pi_");
  }

  @Test
  void refusedRequestsAreCountedByEndpointAndCode() throws Exception {
    PaymentIntent paid = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    stripe.v1().refunds().create(com.stripe.param.RefundCreateParams.builder()
        .setPaymentIntent(paid.getId()).setAmount(1500L).build());
    com.stripe.param.RefundCreateParams tooMuch = com.stripe.param.RefundCreateParams.builder()
        .setPaymentIntent(paid.getId()).setAmount(1000L).build();
    for (int i = 0; i < 2; i++) {
      InvalidRequestException refused = catchThrowableOfType(
          () -> stripe.v1().refunds().create(tooMuch), InvalidRequestException.class);
      assertThat(refused.getCode()).isEqualTo("amount_too_large");
    }

    JsonObject refusals = JsonParser.parseString(get("/_sim/refusals").body()).getAsJsonObject();

    assertThat(refusals.keySet()).containsExactly("POST /v1/refunds amount_too_large");
    assertThat(refusals.get("POST /v1/refunds amount_too_large").getAsLong()).isEqualTo(2L);
    post("/_sim/reset", "");
    assertThat(simulator.apiRefusals()).isEmpty();
  }

  @Test
  void resetForgetsObjectsEventsAndCountsButKeepsConfiguration() throws Exception {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());
    simulator.setWebhookDeliveryEnabled(false);

    HttpResponse<String> response = post("/_sim/reset", "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(simulator.eventIds(null)).isEmpty();
    assertThat(simulator.apiCallCounts()).isEmpty();
    assertThat(simulator.webhookDeliveryEnabled()).isFalse();
    assertThat(simulator.webhookUrl()).isEqualTo(receiver.url());
    InvalidRequestException gone = catchThrowableOfType(
        () -> stripe.v1().paymentIntents().retrieve(created.getId()), InvalidRequestException.class);
    assertThat(gone.getStatusCode()).isEqualTo(404);
  }

  @Test
  void theClockAdvancesAndASessionIsPaidWithoutHtml() throws Exception {
    Session session = stripe.v1().checkout().sessions().create(Checkouts.twoMugsAndATowel().build());
    long before = simulator.now().getEpochSecond();

    HttpResponse<String> advanced = post("/_sim/clock/advance", "{\"seconds\": 3600}");
    HttpResponse<String> paid = post("/_sim/checkout/sessions/" + session.getId() + "/pay",
        "{\"payment_method\": \"pm_card_mastercard\"}");
    HttpResponse<String> unknown = post("/_sim/checkout/sessions/cs_test_nope/pay", "{}");

    assertThat(advanced.statusCode()).isEqualTo(200);
    assertThat(JsonParser.parseString(advanced.body()).getAsJsonObject().get("now").getAsLong())
        .isBetween(before + 3600, before + 3602);
    assertThat(paid.statusCode()).isEqualTo(200);
    assertThat(stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus())
        .isEqualTo("complete");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("No such checkout.session: 'cs_test_nope'");
  }

  @Test
  void faultsAreSetShownAndResetThroughTheControlApi() {
    HttpResponse<String> set = post("/_sim/faults", "{\"webhookDropRate\": 0.5, \"webhookReorder\": true,"
        + " \"webhookDelayMs\": 250, \"apiErrorRate\": 0.1, \"apiErrorStatus\": 503,"
        + " \"answerLost\": {\"endpoint\": \"POST /v1/payment_intents\", \"times\": 2},"
        + " \"latencyMs\": 20, \"rateLimit\": \"test\", \"eventApiVersion\": \"2020-08-27\"}");
    HttpResponse<String> unknown = post("/_sim/faults", "{\"chaos\": true}");
    HttpResponse<String> outOfRange = post("/_sim/faults", "{\"apiErrorRate\": 2}");

    assertThat(set.statusCode()).isEqualTo(200);
    JsonObject shown = JsonParser.parseString(get("/_sim/faults").body()).getAsJsonObject();
    assertThat(shown.get("webhookDropRate").getAsDouble()).isEqualTo(0.5);
    assertThat(shown.get("webhookReorder").getAsBoolean()).isTrue();
    assertThat(shown.get("webhookDelayMs").getAsLong()).isEqualTo(250);
    assertThat(shown.get("apiErrorStatus").getAsInt()).isEqualTo(503);
    assertThat(shown.getAsJsonObject("answersLost").get("POST /v1/payment_intents").getAsInt()).isEqualTo(2);
    assertThat(shown.get("rateLimit").getAsInt()).isEqualTo(Faults.TEST_RATE_LIMIT);
    assertThat(simulator.faults().latency()).isEqualTo(java.time.Duration.ofMillis(20));
    assertThat(simulator.faults().eventApiVersion()).isEqualTo("2020-08-27");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("Unknown fault chaos");
    assertThat(outOfRange.statusCode()).isEqualTo(400);
    assertThat(outOfRange.body()).contains("apiErrorRate must be between 0 and 1");

    HttpResponse<String> reset = post("/_sim/faults/reset", "");

    assertThat(reset.statusCode()).isEqualTo(200);
    assertThat(simulator.faults().webhookReorder()).isFalse();
    assertThat(simulator.faults().rateLimit()).isZero();
    assertThat(simulator.faults().answersLost()).isEmpty();
  }

  @Test
  void aDashboardRefundIsMadeAndFailedThroughTheControlApi() throws Exception {
    PaymentIntent paid = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());

    HttpResponse<String> refunded = post("/_sim/payment_intents/" + paid.getId() + "/refund",
        "{\"amount\": 500}");
    String refundId = JsonParser.parseString(refunded.body()).getAsJsonObject().get("refund").getAsString();
    HttpResponse<String> failed = post("/_sim/refunds/" + refundId + "/fail", "");
    HttpResponse<String> failedAgain = post("/_sim/refunds/" + refundId + "/fail", "");

    assertThat(refunded.statusCode()).isEqualTo(200);
    assertThat(failed.statusCode()).isEqualTo(200);
    assertThat(stripe.v1().refunds().retrieve(refundId).getStatus()).isEqualTo("failed");
    assertThat(failedAgain.statusCode()).isEqualTo(400);
  }

  @Test
  void authenticationAndSettlementAreCompletedThroughTheControlApi() throws Exception {
    PaymentIntent challenged = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_threeDSecure2Required").setConfirm(true).build());
    PaymentIntent processing = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_usBankAccount_processing").setConfirm(true).build());

    HttpResponse<String> failed = post("/_sim/payment_intents/" + challenged.getId() + "/authenticate",
        "{\"succeed\": false}");
    HttpResponse<String> settled = post("/_sim/payment_intents/" + processing.getId() + "/settle", "{}");
    HttpResponse<String> notProcessing = post("/_sim/payment_intents/" + processing.getId() + "/settle", "{}");

    assertThat(failed.statusCode()).isEqualTo(200);
    assertThat(stripe.v1().paymentIntents().retrieve(challenged.getId()).getStatus())
        .isEqualTo("requires_payment_method");
    assertThat(settled.statusCode()).isEqualTo(200);
    assertThat(stripe.v1().paymentIntents().retrieve(processing.getId()).getStatus()).isEqualTo("succeeded");
    assertThat(notProcessing.statusCode()).isEqualTo(400);
  }

  @Test
  void theWebhookSecretIsRolledAndTheOldOneExpiredThroughTheControlApi() {
    String old = simulator.webhookSecret();

    HttpResponse<String> rolled = post("/_sim/webhook_secret/roll", "");
    String secret = JsonParser.parseString(rolled.body()).getAsJsonObject().get("secret").getAsString();
    HttpResponse<String> expired = post("/_sim/webhook_secret/expire_old", "");

    assertThat(rolled.statusCode()).isEqualTo(200);
    assertThat(secret).isNotEqualTo(old).isEqualTo(simulator.webhookSecret());
    assertThat(expired.statusCode()).isEqualTo(200);
    assertThat(post("/_sim/webhook_secret/roll", "{\"endpoint\": \"we_nope\"}").statusCode())
        .isEqualTo(404);
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
