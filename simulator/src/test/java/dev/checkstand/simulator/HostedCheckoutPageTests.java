package dev.checkstand.simulator;

import static dev.checkstand.simulator.Checkouts.twoMugsAndATowel;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.checkout.Session;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostedCheckoutPageTests {

  private StripeSimulator simulator;
  private StripeClient stripe;
  private Session session;

  @BeforeEach
  void start() throws StripeException {
    simulator = StripeSimulator.builder().port(0).start();
    stripe = Clients.stripe(simulator);
    session = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void thePageShowsTheTotalTheItemsAndTheTestPaymentMethods() {
    HttpResponse<String> page = Clients.send(HttpRequest.newBuilder(URI.create(session.getUrl())));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.body()).contains("Pay 32.00 USD", "Mug", "Tea towel",
        "name=\"payment_method\" value=\"pm_card_visa\"", "value=\"ada@example.com\"",
        "action=\"/c/pay/" + session.getId() + "\"", "/c/pay/" + session.getId() + "/cancel");
  }

  @Test
  void payingRedirectsToTheSuccessUrlWithTheSessionId() throws StripeException {
    HttpResponse<String> paid = submit("payment_method=pm_card_visa&email=grace%40example.com");

    assertThat(paid.statusCode()).isEqualTo(303);
    assertThat(paid.headers().firstValue("Location").orElseThrow())
        .isEqualTo("https://shop.example/orders/42/paid?session=" + session.getId());
    Session completed = stripe.v1().checkout().sessions().retrieve(session.getId());
    assertThat(completed.getStatus()).isEqualTo("complete");
    assertThat(completed.getCustomerDetails().getEmail()).isEqualTo("grace@example.com");
    assertThat(Clients.send(HttpRequest.newBuilder(URI.create(session.getUrl()))).body())
        .contains("This Checkout Session is complete.");
  }

  @Test
  void aDeclineShowsTheCardErrorAndKeepsTheSessionOpen() throws StripeException {
    HttpResponse<String> declined = submit("payment_method=pm_card_chargeDeclined");

    assertThat(declined.statusCode()).isEqualTo(200);
    assertThat(declined.body()).contains("Your card was declined.", "<button type=\"submit\">Pay");
    assertThat(stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus()).isEqualTo("open");
  }

  @Test
  void theBackLinkRedirectsToTheCancelUrlAndLeavesTheSessionOpen() throws StripeException {
    HttpResponse<String> back = Clients.send(
        HttpRequest.newBuilder(URI.create(session.getUrl() + "/cancel")));

    assertThat(back.statusCode()).isEqualTo(303);
    assertThat(back.headers().firstValue("Location").orElseThrow()).isEqualTo(Checkouts.CANCEL_URL);
    assertThat(stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus()).isEqualTo("open");
  }

  @Test
  void anExpiredSessionCannotBePaidAndAnUnknownOneIsNotFound() throws StripeException {
    stripe.v1().checkout().sessions().expire(session.getId());

    HttpResponse<String> expired = submit("payment_method=pm_card_visa");
    HttpResponse<String> unknown = Clients.send(Clients.request(simulator, "/c/pay/cs_test_nope"));

    assertThat(expired.statusCode()).isEqualTo(200);
    assertThat(expired.body()).contains("This Checkout Session has expired.");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(simulator.eventIds("payment_intent.created")).isEmpty();
  }

  private HttpResponse<String> submit(String form) {
    return Clients.send(HttpRequest.newBuilder(URI.create(session.getUrl()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }
}
