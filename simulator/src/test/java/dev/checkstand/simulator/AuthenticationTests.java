package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticationTests {

  private static final String SECRET_KEY = "sk_test_51Checkstand0000000000000000";

  private StripeSimulator simulator;
  private StripeClient stripe;
  private RequestOptions publishable;

  @BeforeEach
  void start() {
    simulator = StripeSimulator.builder().port(0).secretKey(SECRET_KEY).start();
    stripe = Clients.stripe(simulator);
    publishable = RequestOptions.builder().setApiKey(simulator.publishableKey()).build();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void anotherSecretKeyIsRefusedWithoutEchoingIt() {
    String wrongKey = "sk_test_51Someoneelse000000000000wxyz";

    AuthenticationException error = catchThrowableOfType(() -> Clients.stripe(simulator, wrongKey)
        .v1().paymentIntents().create(twentyDollars().build()), AuthenticationException.class);

    assertThat(error.getStatusCode()).isEqualTo(401);
    assertThat(error.getStripeError().getMessage())
        .isEqualTo("Invalid API Key provided: sk_test_****wxyz")
        .doesNotContain(wrongKey);
    assertThat(simulator.eventIds(null)).isEmpty();
  }

  @Test
  void missingKeyIsRefusedAndBasicAuthIsAccepted() {
    HttpResponse<String> anonymous = Clients.send(Clients.request(simulator, "/v1/payment_intents/pi_x"));
    String basic = Base64.getEncoder().encodeToString((SECRET_KEY + ":").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> withBasic = Clients.send(Clients.request(simulator, "/v1/payment_intents/pi_x")
        .header("Authorization", "Basic " + basic));

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).contains("You did not provide an API key.");
    assertThat(withBasic.statusCode()).isEqualTo(404);
  }

  @Test
  void publishableKeyConfirmsWithTheClientSecretAndSeesNoMetadata() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars()
        .putMetadata("order_id", "order-42").build());

    PaymentIntent confirmed = stripe.v1().paymentIntents().confirm(created.getId(),
        PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa")
            .putExtraParam("client_secret", created.getClientSecret()).build(), publishable);
    PaymentIntent retrieved = stripe.v1().paymentIntents().retrieve(created.getId(),
        PaymentIntentRetrieveParams.builder().setClientSecret(created.getClientSecret()).build(),
        publishable);

    assertThat(confirmed.getStatus()).isEqualTo("succeeded");
    assertThat(retrieved.getStatus()).isEqualTo("succeeded");
    assertThat(retrieved.getMetadata()).isNull();
    assertThat(stripe.v1().paymentIntents().retrieve(created.getId()).getMetadata())
        .containsEntry("order_id", "order-42");
  }

  @Test
  void publishableKeyWithAnotherClientSecretIsRefused() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());
    PaymentIntent other = stripe.v1().paymentIntents().create(twentyDollars().build());

    InvalidRequestException error = catchThrowableOfType(() -> stripe.v1().paymentIntents().confirm(
        created.getId(), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa")
            .putExtraParam("client_secret", other.getClientSecret()).build(), publishable),
        InvalidRequestException.class);

    assertThat(error.getStatusCode()).isEqualTo(400);
    assertThat(error.getParam()).isEqualTo("client_secret");
    assertThat(stripe.v1().paymentIntents().retrieve(created.getId()).getStatus())
        .isEqualTo("requires_payment_method");
  }

  @Test
  void publishableKeyWithoutClientSecretFindsNothing() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());

    InvalidRequestException error = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .retrieve(created.getId(), publishable), InvalidRequestException.class);

    assertThat(error.getStatusCode()).isEqualTo(404);
  }

  @Test
  void publishableKeyCannotCreatePaymentIntents() {
    PermissionException error = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .create(twentyDollars().build(), publishable), PermissionException.class);

    assertThat(error.getStatusCode()).isEqualTo(403);
    assertThat(error.getStripeError().getMessage())
        .startsWith("This API call cannot be made with a publishable API key.");
    assertThat(simulator.eventIds(null)).isEmpty();
  }
}
