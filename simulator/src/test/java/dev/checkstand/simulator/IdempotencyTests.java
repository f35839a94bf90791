package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.idempotencyKey;
import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdempotencyTests {

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
  void sameKeyAndParametersReplaysTheFirstResponseWithoutNewEffects() throws StripeException {
    PaymentIntent first = stripe.v1().paymentIntents()
        .create(twentyDollars().build(), idempotencyKey("order-1:create"));
    PaymentIntent second = stripe.v1().paymentIntents()
        .create(twentyDollars().build(), idempotencyKey("order-1:create"));

    assertThat(second.getId()).isEqualTo(first.getId());
    assertThat(second.getRawJsonObject()).isEqualTo(first.getRawJsonObject());
    assertThat(second.getLastResponse().requestId()).isEqualTo(first.getLastResponse().requestId());
    assertThat(simulator.eventIds("payment_intent.created")).hasSize(1);
    assertThat(simulator.apiCallCounts()).containsEntry("POST /v1/payment_intents", 2L);
  }

  @Test
  void aDeclineIsReplayedToo() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());
    PaymentIntentConfirmParams declined =
        PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_chargeDeclined").build();

    CardException first = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .confirm(created.getId(), declined, idempotencyKey("confirm-1")), CardException.class);
    CardException second = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .confirm(created.getId(), declined, idempotencyKey("confirm-1")), CardException.class);

    assertThat(second.getCharge()).isEqualTo(first.getCharge());
    assertThat(simulator.eventIds("charge.failed")).hasSize(1);
  }

  @Test
  void sameKeyWithOtherParametersIsAnIdempotencyError() throws StripeException {
    stripe.v1().paymentIntents().create(twentyDollars().build(), idempotencyKey("order-2:create"));

    IdempotencyException error = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .create(twentyDollars().setAmount(2500L).build(), idempotencyKey("order-2:create")),
        IdempotencyException.class);

    assertThat(error.getStatusCode()).isEqualTo(400);
    assertThat(error.getStripeError().getType()).isEqualTo("idempotency_error");
    assertThat(error.getStripeError().getMessage()).isEqualTo("Keys for idempotent requests can only"
        + " be used with the same parameters they were first used with. Try using a key other than"
        + " 'order-2:create' if you meant to execute a different request.");
    assertThat(simulator.eventIds("payment_intent.created")).hasSize(1);
  }

  @Test
  void sameKeyOnAnotherEndpointIsAnIdempotencyError() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents()
        .create(twentyDollars().build(), idempotencyKey("shared"));

    IdempotencyException error = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .cancel(created.getId(), idempotencyKey("shared")), IdempotencyException.class);

    assertThat(error.getStripeError().getType()).isEqualTo("idempotency_error");
    assertThat(stripe.v1().paymentIntents().retrieve(created.getId()).getStatus())
        .isEqualTo("requires_payment_method");
  }

  @Test
  void aValidationErrorIsNotStoredSoTheKeyCanBeUsedAgain() throws StripeException {
    InvalidRequestException invalid = catchThrowableOfType(() -> stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder().setCurrency("usd").build(), idempotencyKey("retry-me")),
        InvalidRequestException.class);

    PaymentIntent created = stripe.v1().paymentIntents()
        .create(twentyDollars().build(), idempotencyKey("retry-me"));

    assertThat(invalid.getCode()).isEqualTo("parameter_missing");
    assertThat(created.getStatus()).isEqualTo("requires_payment_method");
  }

  @Test
  void aSecondRequestWhileTheFirstRunsIsAConflict() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger held = new AtomicInteger();
    simulator.beforeExecute(request -> {
      if (held.getAndIncrement() == 0) {
        awaitQuietly(release);
      }
    });
    CompletableFuture<PaymentIntent> first = CompletableFuture.supplyAsync(() -> create("busy-key"));
    await().until(() -> held.get() == 1);

    ApiException conflict = catchThrowableOfType(() -> stripe.v1().paymentIntents()
        .create(twentyDollars().build(), idempotencyKey("busy-key")), ApiException.class);
    release.countDown();

    assertThat(conflict.getStatusCode()).isEqualTo(409);
    assertThat(conflict.getCode()).isEqualTo("idempotency_key_in_use");
    assertThat(conflict.getStripeError().getType()).isEqualTo("invalid_request_error");
    PaymentIntent created = first.get(10, TimeUnit.SECONDS);
    assertThat(create("busy-key").getId()).isEqualTo(created.getId());
    assertThat(simulator.eventIds("payment_intent.created")).hasSize(1);
  }

  private PaymentIntent create(String key) {
    try {
      return stripe.v1().paymentIntents().create(twentyDollars().build(), idempotencyKey(key));
    } catch (StripeException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
