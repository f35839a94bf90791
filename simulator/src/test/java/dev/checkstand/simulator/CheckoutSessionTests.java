package dev.checkstand.simulator;

import static dev.checkstand.simulator.Checkouts.twoMugsAndATowel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.LineItem;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeCollection;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionListParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckoutSessionTests {

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
  void createdSessionIsOpenWithoutAPaymentIntentAndHasAHostedPage() throws StripeException {
    Session session = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());

    assertThat(session.getId()).matches("cs_test_[A-Za-z0-9]{24}");
    assertThat(session.getObject()).isEqualTo("checkout.session");
    assertThat(session.getMode()).isEqualTo("payment");
    assertThat(session.getStatus()).isEqualTo("open");
    assertThat(session.getPaymentStatus()).isEqualTo("unpaid");
    assertThat(session.getPaymentIntent()).isNull();
    assertThat(session.getAmountSubtotal()).isEqualTo(3200L);
    assertThat(session.getAmountTotal()).isEqualTo(3200L);
    assertThat(session.getCurrency()).isEqualTo("usd");
    assertThat(session.getClientReferenceId()).isEqualTo("order-42");
    assertThat(session.getCustomerEmail()).isEqualTo("ada@example.com");
    assertThat(session.getMetadata()).isEqualTo(Map.of("order_id", "order-42"));
    assertThat(session.getSuccessUrl()).isEqualTo(Checkouts.SUCCESS_URL);
    assertThat(session.getCreated()).isEqualTo(NOW.getEpochSecond());
    assertThat(session.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)).getEpochSecond());
    assertThat(session.getLivemode()).isFalse();
    assertThat(session.getUrl()).isEqualTo(simulator.baseUrl() + "/c/pay/" + session.getId());
    assertThat(session.getCustomerDetails()).isNull();
    assertThat(simulator.eventIds(null)).isEmpty();

    StripeCollection<LineItem> items = stripe.v1().checkout().sessions().lineItems().list(session.getId());
    assertThat(items.getData()).extracting(LineItem::getDescription, LineItem::getQuantity,
        LineItem::getAmountTotal).containsExactly(
            org.assertj.core.groups.Tuple.tuple("Mug", 2L, 2500L),
            org.assertj.core.groups.Tuple.tuple("Tea towel", 1L, 700L));
    assertThat(items.getData().get(0).getPrice().getUnitAmount()).isEqualTo(1250L);
  }

  @Test
  void expiresAtMustLieBetweenThirtyMinutesAndTwentyFourHours() {
    long tooSoon = NOW.plus(Duration.ofMinutes(29)).getEpochSecond();
    long tooLate = NOW.plus(Duration.ofHours(24)).getEpochSecond() + 1;

    InvalidRequestException soon = catchThrowableOfType(() -> stripe.v1().checkout().sessions()
        .create(twoMugsAndATowel().setExpiresAt(tooSoon).build()), InvalidRequestException.class);
    InvalidRequestException late = catchThrowableOfType(() -> stripe.v1().checkout().sessions()
        .create(twoMugsAndATowel().setExpiresAt(tooLate).build()), InvalidRequestException.class);

    assertThat(soon.getParam()).isEqualTo("expires_at");
    assertThat(soon.getStripeError().getMessage()).contains("at least 30 minutes");
    assertThat(late.getParam()).isEqualTo("expires_at");
    assertThat(late.getStripeError().getMessage()).contains("less than 24 hours");
  }

  @Test
  void lineItemsAreRequiredAndMustShareACurrency() {
    InvalidRequestException missing = catchThrowableOfType(() -> stripe.v1().checkout().sessions()
        .create(SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl(Checkouts.SUCCESS_URL).build()), InvalidRequestException.class);
    InvalidRequestException mixed = catchThrowableOfType(() -> stripe.v1().checkout().sessions()
        .create(twoMugsAndATowel().addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L)
            .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency("eur")
                .setUnitAmount(500L).setProductData(SessionCreateParams.LineItem.PriceData.ProductData
                    .builder().setName("Spoon").build()).build()).build()).build()),
        InvalidRequestException.class);

    assertThat(missing.getCode()).isEqualTo("parameter_missing");
    assertThat(missing.getParam()).isEqualTo("line_items");
    assertThat(mixed.getParam()).isEqualTo("line_items[2][price_data][currency]");
  }

  @Test
  void payingCompletesTheSessionAndCreatesAPaymentIntentWithItsMetadata() throws StripeException {
    Session session = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());

    simulator.payCheckoutSession(session.getId(), "pm_card_visa");

    Session paid = stripe.v1().checkout().sessions().retrieve(session.getId());
    assertThat(paid.getStatus()).isEqualTo("complete");
    assertThat(paid.getPaymentStatus()).isEqualTo("paid");
    assertThat(paid.getUrl()).isNull();
    assertThat(paid.getCustomerDetails().getEmail()).isEqualTo("ada@example.com");
    PaymentIntent intent = stripe.v1().paymentIntents().retrieve(paid.getPaymentIntent());
    assertThat(intent.getStatus()).isEqualTo("succeeded");
    assertThat(intent.getAmount()).isEqualTo(3200L);
    assertThat(intent.getAmountReceived()).isEqualTo(3200L);
    assertThat(intent.getMetadata()).isEqualTo(Map.of("order_id", "order-42"));
    assertThat(simulator.eventIds(null)).hasSize(4);
    assertThat(simulator.eventIds("payment_intent.created")).hasSize(1);
    assertThat(simulator.eventIds("charge.succeeded")).hasSize(1);
    assertThat(simulator.eventIds("payment_intent.succeeded")).hasSize(1);
    assertThat(simulator.eventIds("checkout.session.completed")).hasSize(1);
    assertThat(simulator.eventIds(null).get(3))
        .isEqualTo(simulator.eventIds("checkout.session.completed").get(0));
  }

  @Test
  void aDeclineLeavesTheSessionOpenAndTheNextAttemptUsesTheSamePaymentIntent() throws StripeException {
    Session session = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());

    simulator.payCheckoutSession(session.getId(), "pm_card_chargeDeclinedInsufficientFunds");
    Session declined = stripe.v1().checkout().sessions().retrieve(session.getId());
    simulator.payCheckoutSession(session.getId(), "pm_card_visa");
    Session paid = stripe.v1().checkout().sessions().retrieve(session.getId());

    assertThat(declined.getStatus()).isEqualTo("open");
    assertThat(declined.getPaymentIntent()).isNotNull();
    assertThat(paid.getStatus()).isEqualTo("complete");
    assertThat(paid.getPaymentIntent()).isEqualTo(declined.getPaymentIntent());
    assertThat(simulator.eventIds("payment_intent.payment_failed")).hasSize(1);
    assertThat(simulator.eventIds("payment_intent.created")).hasSize(1);
  }

  @Test
  void aCheckoutPaymentIntentIsCanceledByExpiringTheSessionNotThroughTheApi() throws StripeException {
    Session session = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());
    simulator.payCheckoutSession(session.getId(), "pm_card_chargeDeclined");
    String intentId = stripe.v1().checkout().sessions().retrieve(session.getId()).getPaymentIntent();

    InvalidRequestException refused = catchThrowableOfType(
        () -> stripe.v1().paymentIntents().cancel(intentId), InvalidRequestException.class);
    stripe.v1().checkout().sessions().expire(session.getId());

    assertThat(refused.getCode()).isEqualTo("payment_intent_unexpected_state");
    assertThat(refused.getStripeError().getMessage()).contains("expire the Checkout Session");
    PaymentIntent canceled = stripe.v1().paymentIntents().retrieve(intentId);
    assertThat(canceled.getStatus()).isEqualTo("canceled");
    assertThat(canceled.getCancellationReason()).isEqualTo("expired");
  }

  @Test
  void onlyAnOpenSessionCanBeExpired() throws StripeException {
    Session session = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());

    Session expired = stripe.v1().checkout().sessions().expire(session.getId());
    InvalidRequestException again = catchThrowableOfType(
        () -> stripe.v1().checkout().sessions().expire(session.getId()), InvalidRequestException.class);

    assertThat(expired.getStatus()).isEqualTo("expired");
    assertThat(expired.getUrl()).isNull();
    assertThat(again.getStatusCode()).isEqualTo(400);
    assertThat(again.getStripeError().getType()).isEqualTo("invalid_request_error");
    assertThat(again.getStripeError().getMessage()).isEqualTo("Only Checkout Sessions with a status"
        + " in [\"open\"] can be expired. This Checkout Session has a status of `expired`.");
    assertThat(simulator.eventIds("checkout.session.expired")).hasSize(1);
    assertThatThrownBy(() -> simulator.payCheckoutSession(session.getId(), "pm_card_visa"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("is expired, not open");
  }

  @Test
  void theSimulatedClockExpiresSessionsAtExpiresAt() throws StripeException {
    Session early = stripe.v1().checkout().sessions().create(twoMugsAndATowel()
        .setExpiresAt(NOW.plus(Duration.ofMinutes(30)).getEpochSecond()).build());
    Session late = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());

    simulator.advanceClock(Duration.ofMinutes(29));
    assertThat(stripe.v1().checkout().sessions().retrieve(early.getId()).getStatus()).isEqualTo("open");
    simulator.advanceClock(Duration.ofMinutes(1));

    assertThat(simulator.now()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    assertThat(stripe.v1().checkout().sessions().retrieve(early.getId()).getStatus()).isEqualTo("expired");
    assertThat(stripe.v1().checkout().sessions().retrieve(late.getId()).getStatus()).isEqualTo("open");
    assertThat(simulator.eventIds("checkout.session.expired")).hasSize(1);
    assertThatThrownBy(() -> simulator.advanceClock(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retrieveExpandsThePaymentIntentAndLineItems() throws StripeException {
    Session session = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());
    simulator.payCheckoutSession(session.getId(), "pm_card_visa");

    Session expanded = stripe.v1().checkout().sessions().retrieve(session.getId(),
        SessionRetrieveParams.builder().addExpand("payment_intent").addExpand("line_items").build());

    assertThat(expanded.getPaymentIntentObject().getStatus()).isEqualTo("succeeded");
    assertThat(expanded.getLineItems().getData()).hasSize(2);
    InvalidRequestException unknown = catchThrowableOfType(() -> stripe.v1().checkout().sessions()
        .retrieve(session.getId(), SessionRetrieveParams.builder().addExpand("customer").build()),
        InvalidRequestException.class);
    assertThat(unknown.getParam()).isEqualTo("expand");
  }

  @Test
  void listFiltersByPaymentIntentAndStatusNewestFirst() throws StripeException {
    Session first = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());
    Session second = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());
    Session third = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());
    simulator.payCheckoutSession(second.getId(), "pm_card_visa");
    String intentId = stripe.v1().checkout().sessions().retrieve(second.getId()).getPaymentIntent();

    StripeCollection<Session> all = stripe.v1().checkout().sessions().list();
    StripeCollection<Session> open = stripe.v1().checkout().sessions().list(
        SessionListParams.builder().setStatus(SessionListParams.Status.OPEN).build());
    StripeCollection<Session> byIntent = stripe.v1().checkout().sessions().list(
        SessionListParams.builder().setPaymentIntent(intentId).build());
    StripeCollection<Session> page = stripe.v1().checkout().sessions().list(
        SessionListParams.builder().setLimit(1L).setStartingAfter(third.getId()).build());

    assertThat(all.getData()).extracting(Session::getId)
        .containsExactly(third.getId(), second.getId(), first.getId());
    assertThat(all.getHasMore()).isFalse();
    assertThat(all.getUrl()).isEqualTo("/v1/checkout/sessions");
    assertThat(open.getData()).extracting(Session::getId).containsExactly(third.getId(), first.getId());
    assertThat(byIntent.getData()).extracting(Session::getId).containsExactly(second.getId());
    assertThat(page.getData()).extracting(Session::getId).containsExactly(second.getId());
    assertThat(page.getHasMore()).isTrue();
  }
}
