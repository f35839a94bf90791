package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.RefundCreateParams;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StripeAccountHeaderTests {

  private ConnectSimulator setup;
  private WebhookReceiver platform;
  private WebhookReceiver connect;
  private StripeSimulator simulator;
  private StripeClient stripe;
  private Account seller;
  private RequestOptions asSeller;

  @BeforeEach
  void start() throws StripeException {
    setup = ConnectSimulator.start();
    platform = setup.platform();
    connect = setup.connect();
    simulator = setup.simulator();
    stripe = Clients.stripe(simulator);
    seller = stripe.v1().accounts().create(ConnectAccountTests.seller("ada@example.com").build());
    asSeller = RequestOptions.builder().setStripeAccount(seller.getId()).build();
  }

  @AfterEach
  void stop() {
    setup.close();
  }

  @Test
  void anUnknownAccountIsForbiddenWithStripesMessage() {
    RequestOptions asNobody = RequestOptions.builder().setStripeAccount("acct_nope").build();

    PermissionException refused = catchThrowableOfType(PermissionException.class,
        () -> stripe.v1().paymentIntents().create(twentyDollars().build(), asNobody));

    assertThat(refused.getStatusCode()).isEqualTo(403);
    assertThat(refused.getCode()).isEqualTo("account_invalid");
    assertThat(refused.getStripeError().getType()).isEqualTo("invalid_request_error");
    assertThat(refused.getMessage()).startsWith("The provided key 'sk_test_****")
        .contains("' does not have access to account 'acct_nope' (or that account does not exist)."
            + " Application access may have been revoked.");
    assertThat(simulator.eventIds(null)).isEmpty();
  }

  @Test
  void theAccountCanReadItselfButNoOtherAccount() throws StripeException {
    Account other = stripe.v1().accounts().create(ConnectAccountTests.seller("bob@example.com").build());

    assertThat(stripe.v1().accounts().retrieve(seller.getId(), asSeller).getId()).isEqualTo(seller.getId());
    PermissionException refused = catchThrowableOfType(PermissionException.class,
        () -> stripe.v1().accounts().retrieve(other.getId(), asSeller));
    assertThat(refused.getCode()).isEqualTo("account_invalid");
  }

  @Test
  void objectsMadeAsAnAccountAreFoundOnlyAsThatAccount() throws StripeException {
    PaymentIntent theirs = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_visa").setConfirm(true).build(), asSeller);
    PaymentIntent ours = stripe.v1().paymentIntents().create(twentyDollars().build());

    assertThat(stripe.v1().paymentIntents().retrieve(theirs.getId(), asSeller).getStatus())
        .isEqualTo("succeeded");
    InvalidRequestException hidden = catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().retrieve(theirs.getId()));
    assertThat(hidden.getStatusCode()).isEqualTo(404);
    assertThat(hidden.getCode()).isEqualTo("resource_missing");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().paymentIntents().retrieve(ours.getId(), asSeller)).getStatusCode()).isEqualTo(404);
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().charges().retrieve(theirs.getLatestCharge())).getStatusCode()).isEqualTo(404);
    assertThat(stripe.v1().charges().retrieve(theirs.getLatestCharge(), asSeller).getAmount()).isEqualTo(2000L);
    assertThat(stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().build(), asSeller)
        .getData()).extracting(PaymentIntent::getId).containsExactly(theirs.getId());
    assertThat(stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().build())
        .getData()).extracting(PaymentIntent::getId).containsExactly(ours.getId());

    Refund refund = stripe.v1().refunds().create(RefundCreateParams.builder()
        .setPaymentIntent(theirs.getId()).setAmount(500L).build(), asSeller);
    assertThat(stripe.v1().refunds().retrieve(refund.getId(), asSeller).getAmount()).isEqualTo(500L);
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().refunds().retrieve(refund.getId())).getStatusCode()).isEqualTo(404);
    InvalidRequestException notOurs = catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().refunds().create(RefundCreateParams.builder()
            .setPaymentIntent(theirs.getId()).build()));
    assertThat(notOurs.getParam()).isEqualTo("payment_intent");

    Session session = stripe.v1().checkout().sessions().create(
        Checkouts.twoMugsAndATowel().build(), asSeller);
    assertThat(stripe.v1().checkout().sessions().retrieve(session.getId(), asSeller).getStatus())
        .isEqualTo("open");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().checkout().sessions().retrieve(session.getId())).getStatusCode()).isEqualTo(404);
  }

  @Test
  void eventsOnAnAccountCarryItGoToTheConnectEndpointAndAreListedAsThatAccount() throws Exception {
    PaymentIntent theirs = stripe.v1().paymentIntents().create(twentyDollars().build(), asSeller);
    simulator.completeOnboarding(seller.getId());
    PaymentIntent ours = stripe.v1().paymentIntents().create(twentyDollars().build());

    await().until(() -> connect.received().size() == 2 && platform.received().size() == 1);
    for (WebhookReceiver.Received request : connect.received()) {
      Event event = Webhook.constructEvent(request.body(), request.signature(),
          simulator.connectWebhookSecret());
      assertThat(event.getAccount()).isEqualTo(seller.getId());
    }
    assertThat(connect.receivedMentioning(theirs.getId())).hasSize(1);
    Event platformEvent = Webhook.constructEvent(platform.received().get(0).body(),
        platform.received().get(0).signature(), simulator.webhookSecret());
    assertThat(platformEvent.getAccount()).isNull();
    assertThat(platform.received().get(0).body()).contains(ours.getId()).doesNotContain("\"account\"");

    assertThat(stripe.v1().events().list(EventListParams.builder().build(), asSeller).getData())
        .extracting(Event::getType).containsExactly("account.updated", "payment_intent.created");
    assertThat(stripe.v1().events().list(EventListParams.builder().build()).getData())
        .extracting(Event::getType).containsExactly("payment_intent.created");
    String theirEvent = simulator.eventIds("payment_intent.created").get(0);
    assertThat(stripe.v1().events().retrieve(theirEvent, asSeller).getAccount()).isEqualTo(seller.getId());
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().events().retrieve(theirEvent)).getStatusCode()).isEqualTo(404);
    await().during(Duration.ofMillis(200)).until(() -> platform.received().size() == 1);
  }

  @Test
  void idempotencyKeysArePerAccount() throws StripeException {
    RequestOptions platformKey = RequestOptions.builder().setIdempotencyKey("order-9").build();
    RequestOptions sellerKey = RequestOptions.builder().setIdempotencyKey("order-9")
        .setStripeAccount(seller.getId()).build();

    PaymentIntent first = stripe.v1().paymentIntents().create(twentyDollars().build(), platformKey);
    PaymentIntent second = stripe.v1().paymentIntents().create(twentyDollars().build(), sellerKey);
    PaymentIntent replay = stripe.v1().paymentIntents().create(twentyDollars().build(), sellerKey);

    assertThat(second.getId()).isNotEqualTo(first.getId());
    assertThat(replay.getId()).isEqualTo(second.getId());
  }
}
