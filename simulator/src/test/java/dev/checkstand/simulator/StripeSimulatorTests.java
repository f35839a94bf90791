package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StripeSimulatorTests {

  @Test
  void aTakenPortFailsWithAClearMessage() {
    try (StripeSimulator first = StripeSimulator.builder().port(0).start()) {
      assertThatThrownBy(() -> StripeSimulator.builder().port(first.port()).start())
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("port " + first.port())
          .hasMessageContaining("already in use");
    }
  }

  @Test
  void defaultsAreUsableKeysAndSecrets() {
    try (StripeSimulator simulator = StripeSimulator.builder().port(0).start()) {
      assertThat(simulator.baseUrl()).isEqualTo("http://localhost:" + simulator.port());
      assertThat(simulator.secretKey()).isEqualTo("sk_test_simulator");
      assertThat(simulator.publishableKey()).matches("pk_test_[A-Za-z0-9]{24}");
      assertThat(simulator.webhookSecret()).matches("whsec_[A-Za-z0-9]{32}");
    }
  }

  @Test
  void builderRefusesKeysOfTheWrongKind() {
    assertThatThrownBy(() -> StripeSimulator.builder().secretKey("pk_test_abc"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sk_test_");
    assertThatThrownBy(() -> StripeSimulator.builder().webhookSecret("secret"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whsec_");
  }

  @Test
  void unknownUrlIsStripesUnrecognizedRequestError() {
    try (StripeSimulator simulator = StripeSimulator.builder().port(0).start()) {
      HttpResponse<String> response = Clients.send(Clients.request(simulator, "/v1/foo")
          .header("Authorization", "Bearer " + simulator.secretKey()));

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.headers().firstValue("Request-Id").orElseThrow()).startsWith("req_");
      assertThat(response.headers().firstValue("Content-Type").orElseThrow())
          .isEqualTo("application/json");
      JsonObject error = JsonParser.parseString(response.body()).getAsJsonObject()
          .getAsJsonObject("error");
      assertThat(error.get("type").getAsString()).isEqualTo("invalid_request_error");
      assertThat(error.get("message").getAsString())
          .startsWith("Unrecognized request URL (GET: /v1/foo).");
    }
  }

  @Test
  void concurrentConfirmsOfOnePaymentIntentSucceedOnce() throws Exception {
    int rounds = 20;
    int racers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try (StripeSimulator simulator = StripeSimulator.builder().port(0).start()) {
      StripeClient stripe = Clients.stripe(simulator);
      for (int round = 0; round < rounds; round++) {
        PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<String>> confirms = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          confirms.add(() -> confirmAfter(start, stripe, created.getId()));
        }
        List<Future<String>> futures = new ArrayList<>();
        confirms.forEach(confirm -> futures.add(pool.submit(confirm)));
        start.countDown();

        List<String> outcomes = new ArrayList<>();
        for (Future<String> outcome : futures) {
          outcomes.add(outcome.get(10, TimeUnit.SECONDS));
        }
        assertThat(outcomes).containsOnlyOnce("succeeded");
        assertThat(outcomes).filteredOn(outcome -> !outcome.equals("succeeded"))
            .hasSize(racers - 1).containsOnly("payment_intent_unexpected_state");
      }
      assertThat(simulator.eventIds("charge.succeeded")).hasSize(rounds);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String confirmAfter(CountDownLatch start, StripeClient stripe, String id)
      throws Exception {
    start.await(10, TimeUnit.SECONDS);
    try {
      return stripe.v1().paymentIntents().confirm(id,
          PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build()).getStatus();
    } catch (InvalidRequestException refused) {
      return refused.getCode();
    }
  }

  @Test
  void commandLineConfiguresTheBuilder() {
    try (StripeSimulator simulator = CommandLine.parse(new String[] {"--port", "0",
        "--webhook-secret", "whsec_fromthecli", "--webhook-url", "http://localhost:1/hooks"}).start()) {
      assertThat(simulator.webhookSecret()).isEqualTo("whsec_fromthecli");
      assertThat(simulator.webhookUrl()).isEqualTo("http://localhost:1/hooks");
    }
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--colour", "blue"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown option --colour");
  }
}
