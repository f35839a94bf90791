package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A checkout page on another origin calls the API as Stripe.js does: preflights, readable answers, the same key rules. */
class CorsTests {

  private static final String SHOP = "http://localhost:8080";

  private StripeSimulator simulator;

  @BeforeEach
  void start() {
    simulator = StripeSimulator.builder().port(0).start();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void aPreflightAllowsTheKeyTheFormBodyAndTheApiVersion() {
    HttpResponse<String> preflight = Clients.send(Clients.request(simulator, "/v1/payment_intents/pi_1/confirm")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", SHOP)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type,stripe-version"));

    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("GET", "POST");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().split(",\\s*"))
        .contains("Authorization", "Content-Type", "Stripe-Version");
    assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).isPresent();
  }

  @Test
  void preflightsAreNeitherCountedNorAuthenticatedNorRateLimited() {
    simulator.faults().rateLimit(1).apiErrorRate(1.0);

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> preflight = Clients.send(Clients.request(simulator, "/v1/payment_intents/pi_1")
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", SHOP).header("Access-Control-Request-Method", "GET"));
      assertThat(preflight.statusCode()).isEqualTo(204);
    }
    assertThat(simulator.apiCallCounts()).isEmpty();
  }

  @Test
  void aPublishableKeyReadsItsPaymentIntentFromAnotherOrigin() throws StripeException {
    PaymentIntent intent = Clients.stripe(simulator).v1().paymentIntents().create(twentyDollars().build());

    HttpResponse<String> read = Clients.send(Clients.request(simulator, "/v1/payment_intents/" + intent.getId()
            + "?client_secret=" + URLEncoder.encode(intent.getClientSecret(), StandardCharsets.UTF_8))
        .header("Origin", SHOP).header("Authorization", "Bearer " + simulator.publishableKey()));

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(read.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("Request-Id");
  }

  @Test
  void errorsAreReadableTooAndAPublishableKeyIsStillRefusedSecretKeyOperations() {
    HttpResponse<String> refused = Clients.send(Clients.request(simulator, "/v1/payment_intents")
        .header("Origin", SHOP).header("Authorization", "Bearer " + simulator.publishableKey())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("amount=2000&currency=usd")));
    HttpResponse<String> anonymous = Clients.send(Clients.request(simulator, "/v1/payment_intents/pi_1")
        .header("Origin", SHOP));

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("cannot be made with a publishable API key");
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(simulator.eventIds(null)).isEmpty();
  }

  @Test
  void theChallengePageAnswerIsReadableFromTheShopsPage() throws StripeException {
    PaymentIntent intent = Clients.stripe(simulator).v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_threeDSecure2Required").setConfirm(true).build());
    String challenge = intent.getNextAction().getUseStripeSdk().toString();
    URI page = URI.create(simulator.baseUrl() + "/3ds/" + intent.getId());

    HttpResponse<String> completed = Clients.send(HttpRequest.newBuilder(page).header("Origin", SHOP)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("outcome=complete")));

    assertThat(challenge).contains(page.toString());
    assertThat(completed.statusCode()).isEqualTo(200);
    assertThat(completed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
  }
}
