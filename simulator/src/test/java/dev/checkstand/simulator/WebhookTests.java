package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.idempotencyKey;
import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.net.Webhook;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookTests {

  private WebhookReceiver receiver;
  private StripeSimulator simulator;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    receiver = WebhookReceiver.start();
    simulator = StripeSimulator.builder().port(0).webhookUrl(receiver.url())
        .webhookRetryDelays(List.of(Duration.ofSeconds(1), Duration.ofMillis(100))).start();
    stripe = Clients.stripe(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
    receiver.close();
  }

  @Test
  void deliveredEventsVerifyAndDeserializeWithStripeJava() throws Exception {
    PaymentIntent created = stripe.v1().paymentIntents()
        .create(twentyDollars().build(), idempotencyKey("order-7:create"));

    await().until(() -> receiver.received().size() == 1);
    WebhookReceiver.Received request = receiver.received().get(0);
    assertThat(request.signature()).matches("t=[0-9]+,v1=[0-9a-f]{64}");
    assertThat(request.contentType()).isEqualTo("application/json; charset=utf-8");
    assertThat(request.userAgent()).isEqualTo("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
    Event event = Webhook.constructEvent(request.body(), request.signature(), simulator.webhookSecret());
    assertThat(event.getId()).matches("evt_[A-Za-z0-9]{24}");
    assertThat(event.getType()).isEqualTo("payment_intent.created");
    assertThat(event.getApiVersion()).isEqualTo(Stripe.API_VERSION);
    assertThat(event.getLivemode()).isFalse();
    assertThat(event.getPendingWebhooks()).isEqualTo(1L);
    assertThat(event.getRequest().getId()).isEqualTo(created.getLastResponse().requestId());
    assertThat(event.getRequest().getIdempotencyKey()).isEqualTo("order-7:create");
    StripeObject object = event.getDataObjectDeserializer().getObject().orElseThrow();
    assertThat(((PaymentIntent) object).getId()).isEqualTo(created.getId());
    assertThat(simulator.eventIds(null)).containsExactly(event.getId());
    await().until(() -> simulator.deliveries().size() == 1);
    WebhookDelivery delivery = simulator.deliveries().get(0);
    assertThat(delivery.eventId()).isEqualTo(event.getId());
    assertThat(delivery.eventType()).isEqualTo("payment_intent.created");
    assertThat(delivery.attempt()).isEqualTo(1);
    assertThat(delivery.status()).isEqualTo(200);
  }

  @Test
  void everyTransitionIsDeliveredWithItsObjectSnapshot() throws Exception {
    PaymentIntent paid = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());

    await().until(() -> receiver.received().size() == 3);
    List<Event> events = receiver.received().stream().map(this::verified).toList();
    assertThat(events).extracting(Event::getType).containsExactlyInAnyOrder(
        "payment_intent.created", "charge.succeeded", "payment_intent.succeeded");
    for (Event event : events) {
      StripeObject object = event.getDataObjectDeserializer().getObject().orElseThrow();
      if (event.getType().equals("charge.succeeded")) {
        assertThat(((Charge) object).getPaymentIntent()).isEqualTo(paid.getId());
      } else {
        assertThat(((PaymentIntent) object).getId()).isEqualTo(paid.getId());
      }
      if (event.getType().equals("payment_intent.succeeded")) {
        assertThat(((PaymentIntent) object).getAmountReceived()).isEqualTo(2000L);
      }
    }
  }

  @Test
  void aFailedDeliveryIsRetriedWithAFreshSignature() throws Exception {
    receiver.respondWith(500);

    stripe.v1().paymentIntents().create(twentyDollars().build());

    await().until(() -> receiver.received().size() == 2);
    WebhookReceiver.Received first = receiver.received().get(0);
    WebhookReceiver.Received retry = receiver.received().get(1);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(timestamp(retry)).isGreaterThan(timestamp(first));
    assertThat(verified(retry).getType()).isEqualTo("payment_intent.created");
    await().until(() -> simulator.deliveries().size() == 2);
    assertThat(simulator.deliveries()).extracting(WebhookDelivery::attempt, WebhookDelivery::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 500),
            org.assertj.core.groups.Tuple.tuple(2, 200));
    assertThat(simulator.deliveries().get(1).at()).isAfter(simulator.deliveries().get(0).at());
  }

  @Test
  void redirectsAreFailuresAndAttemptsStopAfterTheLastDelay() throws StripeException {
    receiver.respondWith(302, 404, 503);

    stripe.v1().paymentIntents().create(twentyDollars().build());

    await().until(() -> simulator.deliveries().size() == 3);
    await().during(Duration.ofMillis(300)).until(() -> receiver.received().size() == 3);
    assertThat(simulator.deliveries()).extracting(WebhookDelivery::status).containsExactly(302, 404, 503);
    assertThat(simulator.deliveries()).extracting(WebhookDelivery::attempt).containsExactly(1, 2, 3);
  }

  @Test
  void anUnreachableEndpointIsRecordedAsMinusOne() throws StripeException {
    String closedUrl;
    try (WebhookReceiver gone = WebhookReceiver.start()) {
      closedUrl = gone.url();
    }
    simulator.setWebhookUrl(closedUrl);

    stripe.v1().paymentIntents().create(twentyDollars().build());

    await().until(() -> simulator.deliveries().size() == 3);
    assertThat(simulator.deliveries()).extracting(WebhookDelivery::status).containsOnly(-1);
  }

  @Test
  void switchedOffDeliveryRecordsEventsButSendsNothing() throws StripeException {
    simulator.setWebhookDeliveryEnabled(false);
    PaymentIntent quiet = stripe.v1().paymentIntents().create(twentyDollars().build());
    simulator.setWebhookDeliveryEnabled(true);
    PaymentIntent loud = stripe.v1().paymentIntents().create(twentyDollars().build());

    await().until(() -> receiver.receivedMentioning(loud.getId()).size() == 1);
    assertThat(receiver.receivedMentioning(quiet.getId())).isEmpty();
    assertThat(simulator.eventIds("payment_intent.created")).hasSize(2);
    assertThat(simulator.deliveries()).hasSize(1);
  }

  @Test
  void eventsForAPaymentIntentCreatedWithoutAnEndpointHaveNoPendingWebhooks() throws Exception {
    simulator.setWebhookUrl(null);
    stripe.v1().paymentIntents().create(twentyDollars().build());
    simulator.setWebhookUrl(receiver.url());

    stripe.v1().paymentIntents().create(twentyDollars().build());

    await().until(() -> receiver.received().size() == 1);
    assertThat(simulator.eventIds(null)).hasSize(2);
    assertThat(verified(receiver.received().get(0)).getPendingWebhooks()).isEqualTo(1L);
  }

  private Event verified(WebhookReceiver.Received request) {
    try {
      return Webhook.constructEvent(request.body(), request.signature(), simulator.webhookSecret());
    } catch (StripeException e) {
      throw new AssertionError("Signature did not verify: " + request.signature(), e);
    }
  }

  private static long timestamp(WebhookReceiver.Received request) {
    return Long.parseLong(request.signature().split(",")[0].substring(2));
  }
}
