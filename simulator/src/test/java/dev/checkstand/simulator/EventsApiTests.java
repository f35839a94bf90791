package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.idempotencyKey;
import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeCollection;
import com.stripe.param.EventListParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventsApiTests {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private StripeSimulator simulator;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    simulator = StripeSimulator.builder().port(0).clock(Clock.fixed(NOW, ZoneOffset.UTC)).start();
    stripe = Clients.stripe(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void eventsAreListedNewestFirstTenAtATimeAndPageStablyWithinOneSecond() throws StripeException {
    createPaymentIntents(25);
    List<String> newestFirst = newestFirst(simulator.eventIds(null));

    StripeCollection<Event> first = stripe.v1().events().list();
    StripeCollection<Event> second = stripe.v1().events().list(EventListParams.builder()
        .setStartingAfter(first.getData().get(9).getId()).build());
    StripeCollection<Event> back = stripe.v1().events().list(EventListParams.builder()
        .setEndingBefore(second.getData().get(0).getId()).setLimit(3L).build());
    StripeCollection<Event> last = stripe.v1().events().list(EventListParams.builder()
        .setStartingAfter(newestFirst.get(19)).setLimit(100L).build());
    List<String> paged = new ArrayList<>();
    stripe.v1().events().list(EventListParams.builder().setLimit(7L).build()).autoPagingIterable()
        .forEach(event -> paged.add(event.getId()));

    assertThat(first.getObject()).isEqualTo("list");
    assertThat(first.getUrl()).isEqualTo("/v1/events");
    assertThat(first.getData()).extracting(Event::getId).containsExactlyElementsOf(newestFirst.subList(0, 10));
    assertThat(first.getHasMore()).isTrue();
    assertThat(second.getData()).extracting(Event::getId).containsExactlyElementsOf(newestFirst.subList(10, 20));
    assertThat(back.getData()).extracting(Event::getId).containsExactlyElementsOf(newestFirst.subList(7, 10));
    assertThat(back.getHasMore()).isTrue();
    assertThat(last.getData()).extracting(Event::getId).containsExactlyElementsOf(newestFirst.subList(20, 25));
    assertThat(last.getHasMore()).isFalse();
    assertThat(paged).containsExactlyElementsOf(newestFirst);
  }

  @Test
  void eventsAreFilteredByTypeWildcardAndTypes() throws StripeException {
    stripe.v1().paymentIntents().create(twentyDollars().setPaymentMethod("pm_card_visa").setConfirm(true).build());

    StripeCollection<Event> exact = list(EventListParams.builder().setType("charge.succeeded"));
    StripeCollection<Event> wildcard = list(EventListParams.builder().setType("payment_intent.*"));
    StripeCollection<Event> several = list(EventListParams.builder()
        .addType("charge.succeeded").addType("payment_intent.created"));

    assertThat(exact.getData()).extracting(Event::getType).containsExactly("charge.succeeded");
    assertThat(wildcard.getData()).extracting(Event::getType)
        .containsExactly("payment_intent.succeeded", "payment_intent.created");
    assertThat(several.getData()).extracting(Event::getType)
        .containsExactly("charge.succeeded", "payment_intent.created");
  }

  @Test
  void contradictoryOrOversizedQueriesAreRefused() {
    EventListParams.Builder twentyOne = EventListParams.builder();
    for (int i = 0; i < 21; i++) {
      twentyOne.addType("type." + i);
    }

    InvalidRequestException both = refuse(EventListParams.builder().setType("charge.succeeded")
        .addType("charge.failed"));
    InvalidRequestException tooManyTypes = refuse(twentyOne);
    InvalidRequestException tooBig = refuse(EventListParams.builder().setLimit(101L));
    InvalidRequestException tooSmall = refuse(EventListParams.builder().setLimit(0L));
    InvalidRequestException unknownCursor = refuse(EventListParams.builder().setStartingAfter("evt_nope"));

    assertThat(both.getStatusCode()).isEqualTo(400);
    assertThat(both.getParam()).isEqualTo("types");
    assertThat(tooManyTypes.getParam()).isEqualTo("types");
    assertThat(tooBig.getParam()).isEqualTo("limit");
    assertThat(tooBig.getStripeError().getMessage()).isEqualTo("This value must be less than or equal to 100.");
    assertThat(tooSmall.getParam()).isEqualTo("limit");
    assertThat(unknownCursor.getParam()).isEqualTo("starting_after");
    assertThat(unknownCursor.getCode()).isEqualTo("resource_missing");
  }

  @Test
  void eventsAreFilteredByCreated() throws StripeException {
    createPaymentIntents(1);
    simulator.advanceClock(Duration.ofSeconds(10));
    createPaymentIntents(2);
    simulator.advanceClock(Duration.ofSeconds(10));
    createPaymentIntents(3);
    long start = NOW.getEpochSecond();

    StripeCollection<Event> fromTen = list(EventListParams.builder().setCreated(
        EventListParams.Created.builder().setGte(start + 10).build()));
    StripeCollection<Event> between = list(EventListParams.builder().setCreated(
        EventListParams.Created.builder().setGt(start).setLt(start + 20).build()));
    StripeCollection<Event> exactly = list(EventListParams.builder().setCreated(start + 20));
    StripeCollection<Event> before = list(EventListParams.builder().setCreated(
        EventListParams.Created.builder().setLte(start).build()));

    assertThat(fromTen.getData()).hasSize(5);
    assertThat(between.getData()).hasSize(2).allMatch(event -> event.getCreated() == start + 10);
    assertThat(exactly.getData()).hasSize(3);
    assertThat(before.getData()).hasSize(1);
  }

  @Test
  void eventsOlderThanThirtySimulatedDaysAreGone() throws StripeException {
    createPaymentIntents(2);
    String old = simulator.eventIds(null).get(0);
    simulator.advanceClock(Duration.ofDays(20));
    createPaymentIntents(1);

    simulator.advanceClock(Duration.ofDays(10).plusSeconds(1));

    assertThat(list(EventListParams.builder()).getData()).hasSize(1);
    InvalidRequestException gone = catchThrowableOfType(() -> stripe.v1().events().retrieve(old),
        InvalidRequestException.class);
    assertThat(gone.getStatusCode()).isEqualTo(404);
    assertThat(gone.getStripeError().getMessage()).isEqualTo("No such event: '" + old + "'");
  }

  @Test
  void anEventIsRetrievedWithItsRequestAndApiVersion() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build(),
        idempotencyKey("order-8:create"));

    Event event = stripe.v1().events().retrieve(simulator.eventIds(null).get(0));

    assertThat(event.getId()).matches("evt_[A-Za-z0-9]{24}");
    assertThat(event.getObject()).isEqualTo("event");
    assertThat(event.getType()).isEqualTo("payment_intent.created");
    assertThat(event.getCreated()).isEqualTo(NOW.getEpochSecond());
    assertThat(event.getLivemode()).isFalse();
    assertThat(event.getApiVersion()).isEqualTo(StripeSimulator.DEFAULT_API_VERSION);
    assertThat(event.getPendingWebhooks()).isZero();
    assertThat(event.getRequest().getId()).isEqualTo(created.getLastResponse().requestId());
    assertThat(event.getRequest().getIdempotencyKey()).isEqualTo("order-8:create");
    assertThat(((PaymentIntent) event.getDataObjectDeserializer().getObject().orElseThrow()).getId())
        .isEqualTo(created.getId());
    InvalidRequestException missing = catchThrowableOfType(
        () -> stripe.v1().events().retrieve("evt_nope"), InvalidRequestException.class);
    assertThat(missing.getCode()).isEqualTo("resource_missing");
  }

  @Test
  void deliverySuccessSeparatesDeliveredEventsFromPendingOnes() throws StripeException {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      simulator.setWebhookUrl(receiver.url());
      receiver.respondWith(500);
      simulator.faults().webhookReorder(false);
      stripe.v1().paymentIntents().create(twentyDollars().build());
      await().until(() -> simulator.deliveries().size() == 1);
      stripe.v1().paymentIntents().create(twentyDollars().build());
      await().until(() -> simulator.deliveries().size() == 2);

      List<String> ids = simulator.eventIds(null);
      StripeCollection<Event> failing = list(EventListParams.builder().setDeliverySuccess(false));
      StripeCollection<Event> delivered = list(EventListParams.builder().setDeliverySuccess(true));

      assertThat(failing.getData()).extracting(Event::getId).containsExactly(ids.get(0));
      assertThat(failing.getData().get(0).getPendingWebhooks()).isEqualTo(1L);
      assertThat(delivered.getData()).extracting(Event::getId).containsExactly(ids.get(1));
      assertThat(delivered.getData().get(0).getPendingWebhooks()).isZero();
    }
  }

  private void createPaymentIntents(int count) throws StripeException {
    for (int i = 0; i < count; i++) {
      stripe.v1().paymentIntents().create(twentyDollars().build());
    }
  }

  private StripeCollection<Event> list(EventListParams.Builder params) throws StripeException {
    return stripe.v1().events().list(params.build());
  }

  private InvalidRequestException refuse(EventListParams.Builder params) {
    return catchThrowableOfType(() -> stripe.v1().events().list(params.build()),
        InvalidRequestException.class);
  }

  private static List<String> newestFirst(List<String> oldestFirst) {
    List<String> ids = new ArrayList<>(oldestFirst);
    Collections.reverse(ids);
    return ids;
  }
}
