package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeclineTests {

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
  void declinedCardIsACardErrorAndThePaymentIntentAwaitsAnotherMethod() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());

    CardException error = catchThrowableOfType(() -> confirm(created, "pm_card_chargeDeclined"),
        CardException.class);

    assertThat(error.getStatusCode()).isEqualTo(402);
    assertThat(error.getCode()).isEqualTo("card_declined");
    assertThat(error.getDeclineCode()).isEqualTo("generic_decline");
    assertThat(error.getStripeError().getType()).isEqualTo("card_error");
    assertThat(error.getStripeError().getMessage()).isEqualTo("Your card was declined.");
    assertThat(error.getCharge()).matches("ch_[A-Za-z0-9]{24}");
    PaymentIntent inError = error.getStripeError().getPaymentIntent();
    assertThat(inError.getId()).isEqualTo(created.getId());
    assertThat(inError.getStatus()).isEqualTo("requires_payment_method");
    assertThat(inError.getLastPaymentError().getDeclineCode()).isEqualTo("generic_decline");

    PaymentIntent after = stripe.v1().paymentIntents().retrieve(created.getId());
    assertThat(after.getStatus()).isEqualTo("requires_payment_method");
    assertThat(after.getPaymentMethod()).isNull();
    assertThat(after.getAmountReceived()).isZero();
    assertThat(after.getLatestCharge()).isEqualTo(error.getCharge());
    assertThat(after.getLastPaymentError().getCode()).isEqualTo("card_declined");
    assertThat(after.getLastPaymentError().getCharge()).isEqualTo(error.getCharge());
    assertThat(after.getLastPaymentError().getPaymentMethod().getCard().getLast4()).isEqualTo("0002");
    Charge failed = stripe.v1().charges().retrieve(error.getCharge());
    assertThat(failed.getStatus()).isEqualTo("failed");
    assertThat(failed.getPaid()).isFalse();
    assertThat(failed.getCaptured()).isFalse();
    assertThat(failed.getAmountCaptured()).isZero();
    assertThat(failed.getFailureCode()).isEqualTo("card_declined");
    assertThat(failed.getOutcome().getReason()).isEqualTo("generic_decline");
    assertThat(simulator.eventIds("charge.failed")).hasSize(1);
    assertThat(simulator.eventIds("payment_intent.payment_failed")).hasSize(1);
    assertThat(simulator.eventIds("payment_intent.succeeded")).isEmpty();
  }

  @Test
  void insufficientFundsCarriesItsDeclineCodeAndAnotherCardCanThenPay() throws StripeException {
    PaymentIntent created = stripe.v1().paymentIntents().create(twentyDollars().build());

    CardException error = catchThrowableOfType(
        () -> confirm(created, "pm_card_chargeDeclinedInsufficientFunds"), CardException.class);
    PaymentIntent retried = confirm(created, "pm_card_visa");

    assertThat(error.getDeclineCode()).isEqualTo("insufficient_funds");
    assertThat(error.getStripeError().getMessage()).isEqualTo("Your card has insufficient funds.");
    assertThat(retried.getStatus()).isEqualTo("succeeded");
    assertThat(retried.getLastPaymentError()).isNull();
    assertThat(retried.getLatestCharge()).isNotEqualTo(error.getCharge());
  }

  @Test
  void createAndConfirmWithADeclinedCardStillCreatesThePaymentIntent() throws StripeException {
    CardException error = catchThrowableOfType(() -> stripe.v1().paymentIntents().create(
        twentyDollars().setPaymentMethod("pm_card_chargeDeclined").setConfirm(true).build()),
        CardException.class);

    String id = error.getStripeError().getPaymentIntent().getId();
    assertThat(stripe.v1().paymentIntents().retrieve(id).getStatus())
        .isEqualTo("requires_payment_method");
    assertThat(simulator.eventIds("payment_intent.created")).hasSize(1);
  }

  private PaymentIntent confirm(PaymentIntent intent, String paymentMethod) throws StripeException {
    return stripe.v1().paymentIntents().confirm(intent.getId(),
        PaymentIntentConfirmParams.builder().setPaymentMethod(paymentMethod).build());
  }
}
