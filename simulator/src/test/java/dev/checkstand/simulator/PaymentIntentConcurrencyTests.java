package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PaymentIntentConcurrencyTests {

  @Test
  void concurrentConfirmsOfOnePaymentIntentSucceedOnce() throws Exception {
    int rounds = 20;
    int racers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try (StripeSimulator simulator = StripeSimulator.builder().port(0).start()) {
      StripeClient stripe = Clients.stripe(simulator);
      for (int round = 0; round < rounds; round++) {
        PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          futures.add(pool.submit(() -> confirmAfter(start, stripe, created.getId())));
        }
        start.countDown();

        List<String> outcomes = new ArrayList<>();
        for (Future<String> outcome : futures) {
          outcomes.add(outcome.get(10, TimeUnit.SECONDS));
        }
        assertThat(outcomes).containsOnlyOnce("succeeded");
        assertThat(outcomes).filteredOn(outcome -> !outcome.equals("succeeded"))
            .hasSize(racers - 1).containsOnly("payment_intent_unexpected_state");
      }
      assertThat(simulator.eventIds("charge.succeeded")).hasSize(rounds);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String confirmAfter(CountDownLatch start, StripeClient stripe, String id)
      throws Exception {
    start.await(10, TimeUnit.SECONDS);
    try {
      return stripe.v1().paymentIntents().confirm(id,
          PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build()).getStatus();
    } catch (InvalidRequestException refused) {
      return refused.getCode();
    }
  }
}
