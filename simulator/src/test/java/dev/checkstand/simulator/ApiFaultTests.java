package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.idempotencyKey;
import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.net.Webhook;
import com.stripe.param.PaymentIntentConfirmParams;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiFaultTests {

  private StripeSimulator simulator;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    simulator = StripeSimulator.builder().port(0).start();
    stripe = Clients.stripe(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void anInjectedErrorAppliesNothingAndIsNotStoredUnderTheKey() throws StripeException {
    simulator.faults().apiErrorRate(1);

    ApiException error = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .create(twentyDollars().build(), idempotencyKey("order-9:create")), ApiException.class);
    simulator.faults().apiErrorRate(0);
    PaymentIntent created = stripe.v1().paymentIntents()
        .create(twentyDollars().build(), idempotencyKey("order-9:create"));

    assertThat(error.getStatusCode()).isEqualTo(500);
    assertThat(error.getStripeError().getType()).isEqualTo("api_error");
    assertThat(error.getRequestId()).startsWith("req_");
    assertThat(created.getStatus()).isEqualTo("requires_payment_method");
    assertThat(simulator.eventIds("payment_intent.created")).hasSize(1);
  }

  @Test
  void injectedErrorsSay503WhenAskedAndInviteARetry() {
    simulator.faults().apiErrorRate(1).apiErrorStatus(503);

    HttpResponse<String> response = Clients.send(Clients.request(simulator, "/v1/payment_intents")
        .header("Authorization", "Bearer " + simulator.secretKey())
        .POST(HttpRequest.BodyPublishers.ofString("amount=2000&currency=usd")));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Stripe-Should-Retry")).contains("true");
    assertThat(response.body()).contains("\"type\":\"api_error\"");
  }

  @Test
  void stripeJavaRetriesInjectedErrorsBecauseTheyInviteARetry() {
    StripeClient retrying = StripeClient.builder().setApiKey(simulator.secretKey())
        .setApiBase(simulator.baseUrl()).setMaxNetworkRetries(2).build();
    simulator.faults().apiErrorRate(1);

    ApiException exhausted = catchThrowableOfType(() -> retrying.v1().paymentIntents()
        .create(twentyDollars().build()), ApiException.class);

    assertThat(exhausted.getStatusCode()).isEqualTo(500);
    assertThat(simulator.apiCallCounts()).containsEntry("POST /v1/payment_intents", 3L);
    assertThat(simulator.eventIds(null)).isEmpty();
  }

  @Test
  void aLostAnswerIsAppliedAndTheConnectionClosesWithoutAResponse() throws StripeException {
    simulator.faults().answerLost("POST /v1/payment_intents", 1);

    IOException dropped = sendRaw("order-3:create");
    PaymentIntent replayed = stripe.v1().paymentIntents()
        .create(twentyDollars().build(), idempotencyKey("order-3:create"));

    assertThat(dropped).isNotNull();
    assertThat(replayed.getStatus()).isEqualTo("requires_payment_method");
    assertThat(simulator.eventIds("payment_intent.created")).hasSize(1);
    assertThat(simulator.apiCallCounts()).containsEntry("POST /v1/payment_intents", 2L);
    assertThat(simulator.faults().answersLost()).isEmpty();
  }

  @Test
  void stripeJavaSeesAConnectionErrorWhenTheAnswerIsLostTwiceYetTheChangeHappenedOnce() {
    StripeClient retrying = StripeClient.builder().setApiKey(simulator.secretKey())
        .setApiBase(simulator.baseUrl()).setMaxNetworkRetries(2).build();
    simulator.faults().answerLost("POST /v1/payment_intents", 2);

    ApiConnectionException lost = catchThrowableOfType(() -> retrying.v1().paymentIntents()
        .create(twentyDollars().build(), idempotencyKey("order-4:create")), ApiConnectionException.class);

    assertThat(lost).isNotNull();
    // The JDK's HttpURLConnection re-sends a POST once by itself when the connection drops.
    assertThat(simulator.apiCallCounts()).containsEntry("POST /v1/payment_intents", 2L);
    assertThat(simulator.eventIds("payment_intent.created")).hasSize(1);
  }

  @Test
  void answersHeldPastTheReadTimeoutAreRetriedByStripeJavaWithTheSameKey() throws StripeException {
    StripeClient impatient = StripeClient.builder().setApiKey(simulator.secretKey())
        .setApiBase(simulator.baseUrl()).setMaxNetworkRetries(2).setReadTimeout(200).build();
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());
    simulator.faults().answerLost("POST /v1/payment_intents/{id}/confirm", 2)
        .answerLostDelay(Duration.ofMillis(600));

    PaymentIntent confirmed = impatient.v1().paymentIntents().confirm(created.getId(),
        PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build(),
        idempotencyKey("order-5:confirm"));

    assertThat(confirmed.getStatus()).isEqualTo("succeeded");
    assertThat(simulator.apiCallCounts()).containsEntry("POST /v1/payment_intents/{id}/confirm", 3L);
    assertThat(simulator.eventIds("charge.succeeded")).hasSize(1);
  }

  @Test
  void aLostAnswerRateSparesReads() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());
    simulator.faults().answerLostRate(1);

    PaymentIntent read = stripe.v1().paymentIntents().retrieve(created.getId());
    IOException dropped = sendRaw("order-6:create");

    assertThat(read.getId()).isEqualTo(created.getId());
    assertThat(dropped).isNotNull();
    assertThat(simulator.eventIds("payment_intent.created")).hasSize(2);
  }

  @Test
  void latencyDelaysEveryRequest() throws StripeException {
    simulator.faults().latency(Duration.ofMillis(250));

    long started = System.nanoTime();
    stripe.v1().paymentIntents().create(twentyDollars().build());
    long elapsed = System.nanoTime() - started;

    assertThat(Duration.ofNanos(elapsed)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
  }

  @Test
  void aboveTheRateLimitRequestsGet429WithTheLimiterHeader() {
    int limit = 2;
    simulator.faults().rateLimit(limit);
    List<HttpResponse<String>> responses = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      responses.add(Clients.send(Clients.request(simulator, "/v1/payment_intents")
          .header("Authorization", "Bearer " + simulator.secretKey())
          .POST(HttpRequest.BodyPublishers.ofString("amount=2000&currency=usd"))));
    }
    double elapsedSeconds = (System.nanoTime() - started) / 1e9;

    List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
    long accepted = responses.size() - refused.size();
    // A full bucket of `limit` tokens, refilled at `limit` per second.
    assertThat((double) accepted).isLessThanOrEqualTo(limit * (1 + elapsedSeconds));
    assertThat(refused).isNotEmpty();
    assertThat(refused.get(0).headers().firstValue("Stripe-Rate-Limited-Reason")).contains("global-rate");
    assertThat(refused.get(0).body()).contains("\"code\":\"rate_limit\"", "\"type\":\"invalid_request_error\"");
    assertThat(simulator.eventIds("payment_intent.created")).hasSize((int) accepted);
  }

  @Test
  void aRateLimited429IsARateLimitExceptionAndIsNotStoredUnderTheKey() throws StripeException {
    simulator.faults().rateLimit(1);
    RateLimitException limited = null;
    String key = null;
    for (int i = 0; limited == null && i < 10; i++) {
      key = "burst-" + i;
      String attempt = key;
      limited = catchThrowableOfType(() -> stripe.v1().paymentIntents()
          .create(twentyDollars().build(), idempotencyKey(attempt)), RateLimitException.class);
    }
    simulator.faults().rateLimit(0);

    PaymentIntent afterwards = stripe.v1().paymentIntents().create(twentyDollars().build(),
        idempotencyKey(key));

    assertThat(limited).isNotNull();
    assertThat(limited.getStatusCode()).isEqualTo(429);
    assertThat(limited.getCode()).isEqualTo("rate_limit");
    assertThat(afterwards.getStatus()).isEqualTo("requires_payment_method");
  }

  @Test
  void eventsCanBeRenderedWithAnOlderApiVersion() throws Exception {
    WebhookReceiver receiver = WebhookReceiver.start();
    try {
      simulator.setWebhookUrl(receiver.url());
      simulator.faults().eventApiVersion("2020-08-27");

      stripe.v1().paymentIntents().create(twentyDollars().build());

      org.awaitility.Awaitility.await().until(() -> receiver.received().size() == 1);
      WebhookReceiver.Received request = receiver.received().get(0);
      Event event = Webhook.constructEvent(request.body(), request.signature(), simulator.webhookSecret());
      assertThat(event.getApiVersion()).isEqualTo("2020-08-27");
      assertThat(event.getDataObjectDeserializer().getObject()).isEmpty();
    } finally {
      receiver.close();
    }
  }

  @Test
  void anOmittedFieldIsLeftOutOfAnswersListsAndEventsUntilReset() throws Exception {
    simulator.faults().omitField("payment_intent", "amount_received");

    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    String retrieved = Clients.send(Clients.request(simulator, "/v1/payment_intents/" + created.getId())
        .header("Authorization", "Bearer " + simulator.secretKey())).body();
    String listed = Clients.send(Clients.request(simulator, "/v1/payment_intents")
        .header("Authorization", "Bearer " + simulator.secretKey())).body();
    String events = Clients.send(Clients.request(simulator, "/v1/events?type=payment_intent.succeeded")
        .header("Authorization", "Bearer " + simulator.secretKey())).body();
    simulator.faults().reset();
    PaymentIntent afterReset = stripe.v1().paymentIntents().retrieve(created.getId());

    assertThat(created.getStatus()).isEqualTo("succeeded");
    assertThat(created.getAmountReceived()).isNull();
    assertThat(created.getAmount()).isEqualTo(2000L);
    assertThat(retrieved).contains("\"amount\":2000").doesNotContain("amount_received");
    assertThat(listed).contains(created.getId()).doesNotContain("amount_received");
    assertThat(events).contains(created.getId()).doesNotContain("amount_received");
    assertThat(afterReset.getAmountReceived()).isEqualTo(2000L);
  }

  @Test
  void withEveryFaultOffAndAfterResetRequestsAreAnsweredNormally() throws StripeException {
    simulator.faults().apiErrorRate(1).answerLostRate(1).rateLimit(1).latency(Duration.ofSeconds(5))
        .answerLost("POST /v1/payment_intents", 3).reset();

    for (int i = 0; i < 30; i++) {
      stripe.v1().paymentIntents().create(twentyDollars().build());
    }

    assertThat(simulator.eventIds("payment_intent.created")).hasSize(30);
    assertThat(simulator.faults().answersLost()).isEmpty();
  }

  private IOException sendRaw(String key) {
    try {
      java.net.http.HttpClient.newHttpClient().send(Clients.request(simulator, "/v1/payment_intents")
          .header("Authorization", "Bearer " + simulator.secretKey())
          .header("Idempotency-Key", key)
          .POST(HttpRequest.BodyPublishers.ofString("amount=2000&currency=usd")).build(),
          HttpResponse.BodyHandlers.ofString());
      return null;
    } catch (IOException expected) {
      return expected;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
