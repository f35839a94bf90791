package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InjectedFaultCountTests {

  private static final List<String> COUNTERS = List.of("answersLost", "apiErrors", "apiErrors500",
      "apiErrors503", "rateLimited", "requestsDelayed", "webhooksDelayed", "webhooksDropped",
      "webhooksDuplicated", "webhooksReordered");

  private WebhookReceiver receiver;
  private StripeSimulator simulator;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    receiver = WebhookReceiver.start();
    simulator = StripeSimulator.builder().port(0).webhookUrl(receiver.url())
        .webhookRetryDelays(List.of(Duration.ofMillis(50), Duration.ofMillis(50))).start();
    stripe = Clients.stripe(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
    receiver.close();
  }

  @Test
  void injectedErrorsAreCountedInTotalAndByStatus() {
    simulator.faults().apiErrorRate(1);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statuses.add(createPaymentIntent().statusCode());
    }
    simulator.faults().apiErrorStatus(503);
    for (int i = 0; i < 2; i++) {
      statuses.add(get("/v1/payment_intents").statusCode());
    }

    assertThat(statuses).containsExactly(500, 500, 500, 503, 503);
    assertThat(simulator.faults().injected(Faults.API_ERRORS)).isEqualTo(5);
    assertThat(simulator.faults().injected(Faults.API_ERRORS_500)).isEqualTo(3);
    assertThat(simulator.faults().injected(Faults.API_ERRORS_503)).isEqualTo(2);
    assertThat(simulator.faults().injected()).containsOnlyKeys(COUNTERS)
        .containsEntry("apiErrors", 5L).containsEntry("answersLost", 0L).containsEntry("rateLimited", 0L);
  }

  @Test
  void lostAnswersAreCountedWhetherLostPerEndpointOrAtRandom() {
    simulator.faults().answerLost("POST /v1/payment_intents", 2);
    int lost = 0;
    for (int i = 0; i < 3; i++) {
      lost += createPaymentIntentOrLoseTheAnswer() ? 1 : 0;
    }
    simulator.faults().answerLostRate(1);
    HttpResponse<String> listed = get("/v1/payment_intents");
    lost += createPaymentIntentOrLoseTheAnswer() ? 1 : 0;

    assertThat(lost).isEqualTo(3);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(simulator.apiCallCounts()).containsEntry("POST /v1/payment_intents", 4L);
    assertThat(simulator.faults().injected(Faults.ANSWERS_LOST)).isEqualTo(3);
  }

  @Test
  void requestsDelayedByLatencyAreCounted() {
    simulator.faults().latency(Duration.ofMillis(20));

    for (int i = 0; i < 3; i++) {
      assertThat(get("/v1/payment_intents").statusCode()).isEqualTo(200);
    }

    assertThat(simulator.faults().injected(Faults.REQUESTS_DELAYED)).isEqualTo(3);
    assertThat(simulator.faults().injected(Faults.API_ERRORS)).isZero();
  }

  @Test
  void requestsRefusedByTheRateLimitAreCountedOnePerTooManyRequests() {
    simulator.faults().rateLimit(1);

    long refused = 0;
    for (int i = 0; i < 5; i++) {
      refused += get("/v1/payment_intents").statusCode() == 429 ? 1 : 0;
    }

    assertThat(refused).isPositive();
    assertThat(simulator.faults().injected(Faults.RATE_LIMITED)).isEqualTo(refused);
  }

  @Test
  void droppedWebhookAttemptsAreCountedEachRetryIncluded() throws StripeException {
    simulator.faults().webhookDropRate(1);

    stripe.v1().paymentIntents().create(twentyDollars().build());

    await().until(() -> simulator.deliveries().size() == 3);
    assertThat(simulator.faults().injected(Faults.WEBHOOKS_DROPPED)).isEqualTo(3);
    assertThat(simulator.faults().injected(Faults.WEBHOOKS_DUPLICATED)).isZero();
  }

  @Test
  void duplicatedEventsAreCountedOncePerExtraDelivery() throws StripeException {
    simulator.faults().webhookDuplicateRate(1);

    stripe.v1().paymentIntents().create(twentyDollars().setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());

    await().until(() -> receiver.received().size() == 6);
    assertThat(simulator.eventIds(null)).hasSize(3);
    assertThat(simulator.faults().injected(Faults.WEBHOOKS_DUPLICATED)).isEqualTo(3);
  }

  @Test
  void reorderedAndDelayedFirstAttemptsAreCounted() throws StripeException {
    simulator.faults().webhookReorder(true);
    stripe.v1().paymentIntents().create(twentyDollars().setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());
    await().until(() -> receiver.received().size() == 3);
    simulator.faults().webhookReorder(false).webhookDelay(Duration.ofMillis(20));
    stripe.v1().paymentIntents().create(twentyDollars().build());
    await().until(() -> receiver.received().size() == 4);

    assertThat(simulator.faults().injected(Faults.WEBHOOKS_REORDERED)).isEqualTo(3);
    assertThat(simulator.faults().injected(Faults.WEBHOOKS_DELAYED)).isEqualTo(1);
  }

  @Test
  void withEveryFaultOffNothingIsCounted() throws StripeException {
    stripe.v1().paymentIntents().create(twentyDollars().setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());
    createPaymentIntent();
    get("/v1/payment_intents");

    await().until(() -> receiver.received().size() == 4);
    assertThat(simulator.faults().injected()).containsOnlyKeys(COUNTERS).allSatisfy((name, count) ->
        assertThat(count).as(name).isZero());
    assertThat(simulator.faults().injected("noSuchCounter")).isZero();
  }

  @Test
  void theControlApiShowsTheCountsAndItsFaultResetClearsThem() {
    post("/_sim/faults", "{\"apiErrorRate\": 1, \"apiErrorStatus\": 503}");
    createPaymentIntent();

    JsonObject injected = faultsJson().getAsJsonObject("injected");
    assertThat(injected.keySet()).containsExactlyInAnyOrderElementsOf(COUNTERS);
    assertThat(injected.get("apiErrors").getAsLong()).isEqualTo(1);
    assertThat(injected.get("apiErrors503").getAsLong()).isEqualTo(1);
    assertThat(injected.get("apiErrors500").getAsLong()).isZero();

    JsonObject reset = JsonParser.parseString(post("/_sim/faults/reset", "").body()).getAsJsonObject();
    assertThat(reset.getAsJsonObject("injected").get("apiErrors").getAsLong()).isZero();
    assertThat(simulator.faults().injected(Faults.API_ERRORS)).isZero();
  }

  @Test
  void theSimulatorsResetForgetsTheCountsAndPutsBackTheSwitchesItStartedWith() {
    Faults faults = new Faults().apiErrorRate(1);
    try (StripeSimulator failing = StripeSimulator.builder().port(0).faults(faults).start()) {
      Clients.send(Clients.request(failing, "/v1/payment_intents")
          .header("Authorization", "Bearer " + failing.secretKey()).GET());
      assertThat(failing.faults().injected(Faults.API_ERRORS)).isEqualTo(1);

      failing.reset();

      assertThat(failing.faults().injected(Faults.API_ERRORS)).isZero();
      assertThat(failing.faults().apiErrorRate()).isEqualTo(1.0);
    }
  }

  @Test
  void resettingOnlyTheCountsKeepsTheSwitches() {
    simulator.faults().apiErrorRate(1);
    get("/v1/payment_intents");

    Map<String, Long> counts = simulator.faults().resetCounts().injected();

    assertThat(counts.values()).containsOnly(0L);
    assertThat(simulator.faults().apiErrorRate()).isEqualTo(1.0);
  }

  private HttpResponse<String> createPaymentIntent() {
    return Clients.send(authorized("/v1/payment_intents")
        .POST(HttpRequest.BodyPublishers.ofString("amount=2000&currency=usd"))
        .header("Content-Type", "application/x-www-form-urlencoded"));
  }

  /** True when the connection closed without an answer. */
  private boolean createPaymentIntentOrLoseTheAnswer() {
    try {
      createPaymentIntent();
      return false;
    } catch (UncheckedIOException lost) {
      assertThat(lost.getCause()).isInstanceOf(IOException.class);
      return true;
    }
  }

  private HttpResponse<String> get(String path) {
    return Clients.send(authorized(path).GET());
  }

  private HttpRequest.Builder authorized(String path) {
    return Clients.request(simulator, path).header("Authorization", "Bearer " + simulator.secretKey());
  }

  private HttpResponse<String> post(String path, String json) {
    return Clients.send(Clients.request(simulator, path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private JsonObject faultsJson() {
    return JsonParser.parseString(Clients.send(Clients.request(simulator, "/_sim/faults").GET()).body())
        .getAsJsonObject();
  }
}
