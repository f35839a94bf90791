package dev.checkstand.simulator;

import static dev.checkstand.simulator.Checkouts.twoMugsAndATowel;
import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThreeDSecureTests {

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
  void aThreeDSecureCardRequiresActionWithANextActionForStripeJs() throws StripeException {
    PaymentIntent intent = confirmWith3ds(twentyDollars());

    assertThat(intent.getStatus()).isEqualTo("requires_action");
    assertThat(intent.getNextAction().getType()).isEqualTo("use_stripe_sdk");
    assertThat(intent.getLatestCharge()).isNull();
    assertThat(intent.getAmountReceived()).isZero();
    assertThat(simulator.eventIds("payment_intent.requires_action")).hasSize(1);
    assertThat(simulator.eventIds("charge.succeeded")).isEmpty();
  }

  @Test
  void withAReturnUrlTheNextActionIsARedirectToTheChallengePage() throws StripeException {
    PaymentIntent intent = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_threeDSecure2Required").setConfirm(true)
        .setReturnUrl("https://shop.example/orders/42/return").build());

    assertThat(intent.getNextAction().getType()).isEqualTo("redirect_to_url");
    assertThat(intent.getNextAction().getRedirectToUrl().getUrl())
        .isEqualTo(simulator.baseUrl() + "/3ds/" + intent.getId());
    assertThat(intent.getNextAction().getRedirectToUrl().getReturnUrl())
        .isEqualTo("https://shop.example/orders/42/return");
  }

  @Test
  void completedAuthenticationChargesTheCard() throws StripeException {
    PaymentIntent intent = confirmWith3ds(twentyDollars());

    simulator.completeAuthentication(intent.getId(), true);

    PaymentIntent paid = stripe.v1().paymentIntents().retrieve(intent.getId());
    assertThat(paid.getStatus()).isEqualTo("succeeded");
    assertThat(paid.getNextAction()).isNull();
    assertThat(paid.getAmountReceived()).isEqualTo(2000L);
    assertThat(paid.getLatestCharge()).startsWith("ch_");
    assertThat(simulator.eventIds("charge.succeeded")).hasSize(1);
    assertThat(simulator.eventIds("payment_intent.succeeded")).hasSize(1);
  }

  @Test
  void failedAuthenticationReturnsToRequiresPaymentMethodWithoutACharge() throws StripeException {
    PaymentIntent intent = confirmWith3ds(twentyDollars());

    simulator.completeAuthentication(intent.getId(), false);

    PaymentIntent failed = stripe.v1().paymentIntents().retrieve(intent.getId());
    assertThat(failed.getStatus()).isEqualTo("requires_payment_method");
    assertThat(failed.getLastPaymentError().getCode()).isEqualTo("payment_intent_authentication_failure");
    assertThat(failed.getLastPaymentError().getType()).isEqualTo("invalid_request_error");
    assertThat(failed.getPaymentMethod()).isNull();
    assertThat(failed.getLatestCharge()).isNull();
    assertThat(simulator.eventIds("payment_intent.payment_failed")).hasSize(1);
    PaymentIntent retried = stripe.v1().paymentIntents().confirm(intent.getId(),
        PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
    assertThat(retried.getStatus()).isEqualTo("succeeded");
    assertThatThrownBy(() -> simulator.completeAuthentication(intent.getId(), true))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("requires_action");
  }

  @Test
  void withManualConfirmationTheServerConfirmsAgainAfterAuthentication() throws StripeException {
    PaymentIntent intent = confirmWith3ds(twentyDollars()
        .setConfirmationMethod(PaymentIntentCreateParams.ConfirmationMethod.MANUAL));

    simulator.completeAuthentication(intent.getId(), true);
    PaymentIntent authenticated = stripe.v1().paymentIntents().retrieve(intent.getId());
    PaymentIntent confirmed = stripe.v1().paymentIntents().confirm(intent.getId());

    assertThat(authenticated.getStatus()).isEqualTo("requires_confirmation");
    assertThat(confirmed.getStatus()).isEqualTo("succeeded");
  }

  @Test
  void withManualCaptureAuthenticationLeadsToRequiresCapture() throws StripeException {
    PaymentIntent intent = confirmWith3ds(twentyDollars()
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL));

    simulator.completeAuthentication(intent.getId(), true);

    PaymentIntent held = stripe.v1().paymentIntents().retrieve(intent.getId());
    assertThat(held.getStatus()).isEqualTo("requires_capture");
    assertThat(held.getAmountCapturable()).isEqualTo(2000L);
    assertThat(simulator.eventIds("payment_intent.amount_capturable_updated")).hasSize(1);
  }

  @Test
  void theChallengePageCompletesAuthenticationAndReturnsToTheShop() throws StripeException {
    PaymentIntent intent = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_threeDSecure2Required").setConfirm(true)
        .setReturnUrl("https://shop.example/return?order=42").build());
    String page = intent.getNextAction().getRedirectToUrl().getUrl();

    HttpResponse<String> challenge = Clients.send(HttpRequest.newBuilder(URI.create(page)));
    HttpResponse<String> completed = Clients.send(HttpRequest.newBuilder(URI.create(page))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("outcome=complete")));

    assertThat(challenge.statusCode()).isEqualTo(200);
    assertThat(challenge.body()).contains("Complete authentication", "Fail authentication");
    assertThat(completed.statusCode()).isEqualTo(303);
    assertThat(completed.headers().firstValue("Location").orElseThrow())
        .startsWith("https://shop.example/return?order=42&payment_intent=" + intent.getId()
            + "&payment_intent_client_secret=")
        .endsWith("&redirect_status=succeeded");
    assertThat(stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus()).isEqualTo("succeeded");
  }

  @Test
  void aCheckoutSessionPaidWithAThreeDSecureCardCompletesOnceAuthenticated() throws StripeException {
    Session session = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());

    simulator.payCheckoutSession(session.getId(), "pm_card_threeDSecure2Required");
    Session challenged = stripe.v1().checkout().sessions().retrieve(session.getId());
    String statusWhileChallenged = stripe.v1().paymentIntents()
        .retrieve(challenged.getPaymentIntent()).getStatus();
    HttpResponse<String> page = Clients.send(HttpRequest.newBuilder(URI.create(session.getUrl())));
    HttpResponse<String> completed = Clients.send(HttpRequest.newBuilder(
            URI.create(session.getUrl() + "/authenticate"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("outcome=complete")));

    assertThat(challenged.getStatus()).isEqualTo("open");
    assertThat(statusWhileChallenged).isEqualTo("requires_action");
    assertThat(page.body()).contains("3-D Secure test challenge");
    assertThat(completed.statusCode()).isEqualTo(303);
    assertThat(completed.headers().firstValue("Location").orElseThrow()).endsWith(session.getId());
    Session paid = stripe.v1().checkout().sessions().retrieve(session.getId());
    assertThat(paid.getStatus()).isEqualTo("complete");
    assertThat(paid.getPaymentStatus()).isEqualTo("paid");
    assertThat(simulator.eventIds("checkout.session.completed")).hasSize(1);
  }

  @Test
  void checkoutAuthenticationThroughTheJavaApiCompletesTheSessionToo() throws StripeException {
    Session session = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());
    simulator.payCheckoutSession(session.getId(), "pm_card_authenticationRequired");
    String intentId = stripe.v1().checkout().sessions().retrieve(session.getId()).getPaymentIntent();

    simulator.completeAuthentication(intentId, true);

    assertThat(stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus())
        .isEqualTo("complete");
  }

  private PaymentIntent confirmWith3ds(PaymentIntentCreateParams.Builder params) throws StripeException {
    return stripe.v1().paymentIntents().create(params
        .setPaymentMethod("pm_card_threeDSecure2Required").setConfirm(true).build());
  }
}
