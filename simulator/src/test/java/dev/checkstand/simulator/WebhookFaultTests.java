package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookFaultTests {

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
  void droppedAttemptsAreNeverSentButCountAsFailedAndAreRetried() throws StripeException {
    simulator.faults().webhookDropRate(1);

    stripe.v1().paymentIntents().create(twentyDollars().build());

    await().until(() -> simulator.deliveries().size() == 3);
    assertThat(simulator.deliveries()).extracting(WebhookDelivery::attempt, WebhookDelivery::status,
        WebhookDelivery::outcome).containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, -1, "dropped"),
            org.assertj.core.groups.Tuple.tuple(2, -1, "dropped"),
            org.assertj.core.groups.Tuple.tuple(3, -1, "dropped"));
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void aDroppedFirstAttemptIsDeliveredByTheRetryOnceTheFaultClears() throws StripeException {
    Faults faults = new Faults().webhookDropRate(1);
    try (StripeSimulator patient = StripeSimulator.builder().port(0).webhookUrl(receiver.url())
        .webhookRetryDelays(List.of(Duration.ofMillis(500))).faults(faults).start()) {
      Clients.stripe(patient).v1().paymentIntents().create(twentyDollars().build());
      await().until(() -> patient.deliveries().size() == 1);
      faults.webhookDropRate(0);

      await().until(() -> receiver.received().size() == 1);
      await().until(() -> patient.deliveries().size() == 2);
      assertThat(patient.deliveries()).extracting(WebhookDelivery::outcome)
          .containsExactly("dropped", "delivered");
      assertThat(patient.faults()).isSameAs(faults);
    }
  }

  @Test
  void duplicatedEventsArriveTwiceWithTheSameId() throws StripeException {
    simulator.faults().webhookDuplicateRate(1);

    stripe.v1().paymentIntents().create(twentyDollars().setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());

    await().until(() -> receiver.received().size() == 6);
    List<String> ids = receiver.received().stream().map(this::verified).map(Event::getId).toList();
    assertThat(ids).hasSize(6);
    assertThat(ids.stream().distinct()).containsExactlyInAnyOrderElementsOf(simulator.eventIds(null));
    for (String id : simulator.eventIds(null)) {
      assertThat(ids).filteredOn(id::equals).hasSize(2);
    }
  }

  @Test
  void reorderedDeliveriesArriveInAnotherOrderThanRecorded() throws StripeException {
    simulator.faults().webhookReorder(true);

    stripe.v1().paymentIntents().create(twentyDollars().setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());

    await().until(() -> receiver.received().size() == 3);
    List<String> arrived = receiver.received().stream().map(this::verified).map(Event::getId).toList();
    assertThat(arrived).containsExactlyInAnyOrderElementsOf(simulator.eventIds(null))
        .isNotEqualTo(simulator.eventIds(null));
  }

  @Test
  void delayedAttemptsWaitUpToTheMaximum() throws StripeException {
    simulator.faults().webhookDelay(Duration.ofMillis(400));
    Map<String, Instant> sent = new ConcurrentHashMap<>();

    for (int i = 0; i < 12; i++) {
      String id = stripe.v1().paymentIntents().create(twentyDollars().build()).getId();
      sent.put(id, Instant.now());
    }

    await().until(() -> receiver.received().size() == 12);
    long slow = sent.keySet().stream().filter(id -> Duration.between(sent.get(id),
        receiver.arrivalOf(id)).toMillis() >= 100).count();
    assertThat(slow).isPositive();
  }

  @Test
  void withWebhookFaultsResetEventsArriveOnceInOrderOfAttempt() throws StripeException {
    simulator.faults().webhookDropRate(1).webhookDuplicateRate(1).webhookReorder(true)
        .webhookDelay(Duration.ofSeconds(5)).reset();

    stripe.v1().paymentIntents().create(twentyDollars().build());

    await().until(() -> receiver.received().size() == 1);
    await().during(Duration.ofMillis(300)).until(() -> receiver.received().size() == 1);
    assertThat(simulator.deliveries()).extracting(WebhookDelivery::outcome).containsExactly("delivered");
  }

  private Event verified(WebhookReceiver.Received request) {
    try {
      return Webhook.constructEvent(request.body(), request.signature(), simulator.webhookSecret());
    } catch (StripeException e) {
      throw new AssertionError("Signature did not verify: " + request.signature(), e);
    }
  }
}
