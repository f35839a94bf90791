package dev.checkstand.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
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
  void commandLineConfiguresTheBuilder() {
    try (StripeSimulator simulator = CommandLine.parse(new String[] {"--port", "0",
        "--webhook-secret", "whsec_fromthecli", "--webhook-url", "http://localhost:1/hooks"}).start()) {
      assertThat(simulator.webhookSecret()).isEqualTo("whsec_fromthecli");
      assertThat(simulator.webhookUrl()).isEqualTo("http://localhost:1/hooks");
    }
    try (StripeSimulator faulty = CommandLine.parse(new String[] {"--port", "0",
        "--webhook-drop-rate", "0.25", "--webhook-reorder", "true", "--latency-ms", "15",
        "--rate-limit", "live", "--api-error-status", "503", "--webhook-v0", "true"}).start()) {
      assertThat(faulty.faults().webhookDropRate()).isEqualTo(0.25);
      assertThat(faulty.faults().webhookReorder()).isTrue();
      assertThat(faulty.faults().latency()).isEqualTo(java.time.Duration.ofMillis(15));
      assertThat(faulty.faults().rateLimit()).isEqualTo(Faults.LIVE_RATE_LIMIT);
      assertThat(faulty.faults().apiErrorStatus()).isEqualTo(503);
      assertThat(faulty.webhookV0Signature()).isTrue();
    }
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--webhook-reorder", "yes"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be true or false");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--colour", "blue"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown option --colour");
  }

  @Test
  void resetRestoresTheFaultsTheSimulatorStartedWith() {
    Faults faults = new Faults().rateLimit(Faults.TEST_RATE_LIMIT);
    try (StripeSimulator simulator = StripeSimulator.builder().port(0).faults(faults).start()) {
      simulator.faults().apiErrorRate(1).rateLimit(0).answerLost("POST /v1/refunds", 2);

      simulator.reset();

      assertThat(simulator.faults().apiErrorRate()).isZero();
      assertThat(simulator.faults().rateLimit()).isEqualTo(Faults.TEST_RATE_LIMIT);
      assertThat(simulator.faults().answersLost()).isEmpty();
    }
  }

  @Test
  void beyondTheStoreCapacityTheOldestObjectsAndEventsAreForgotten() throws Exception {
    try (StripeSimulator simulator = StripeSimulator.builder().port(0).storeCapacity(2).start()) {
      StripeClient stripe = Clients.stripe(simulator);
      String first = stripe.v1().paymentIntents().create(Clients.twentyDollars().build()).getId();
      stripe.v1().paymentIntents().create(Clients.twentyDollars().build());
      stripe.v1().paymentIntents().create(Clients.twentyDollars().build());

      InvalidRequestException gone = catchThrowableOfType(
          () -> stripe.v1().paymentIntents().retrieve(first), InvalidRequestException.class);

      assertThat(gone.getStatusCode()).isEqualTo(404);
      assertThat(simulator.eventIds(null)).hasSize(2);
      assertThat(stripe.v1().paymentIntents().list().getData()).hasSize(2);
    }
  }
}
