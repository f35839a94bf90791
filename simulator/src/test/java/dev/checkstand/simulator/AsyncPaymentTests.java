package dev.checkstand.simulator;

import static dev.checkstand.simulator.Checkouts.twoMugsAndATowel;
import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.checkout.Session;
import com.stripe.param.RefundCreateParams;
import java.time.Duration;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AsyncPaymentTests {

  private StripeSimulator simulator;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    simulator = StripeSimulator.builder().port(0).settlementDelay(Duration.ofMinutes(5)).start();
    stripe = Clients.stripe(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void aBankDebitIsProcessingUntilItSettlesWhenTheClockMoves() throws StripeException {
    PaymentIntent processing = pay("pm_usBankAccount_success");

    simulator.advanceClock(Duration.ofMinutes(4));
    String beforeSettlement = stripe.v1().paymentIntents().retrieve(processing.getId()).getStatus();
    simulator.advanceClock(Duration.ofMinutes(1));

    assertThat(processing.getStatus()).isEqualTo("processing");
    assertThat(processing.getAmountReceived()).isZero();
    assertThat(beforeSettlement).isEqualTo("processing");
    PaymentIntent settled = stripe.v1().paymentIntents().retrieve(processing.getId());
    assertThat(settled.getStatus()).isEqualTo("succeeded");
    assertThat(settled.getAmountReceived()).isEqualTo(2000L);
    Charge charge = stripe.v1().charges().retrieve(settled.getLatestCharge());
    assertThat(charge.getStatus()).isEqualTo("succeeded");
    assertThat(charge.getPaymentMethodDetails().getType()).isEqualTo("us_bank_account");
    assertThat(simulator.eventIds("payment_intent.processing")).hasSize(1);
    assertThat(simulator.eventIds("charge.pending")).hasSize(1);
    assertThat(simulator.eventIds("charge.succeeded")).hasSize(1);
    assertThat(simulator.eventIds("payment_intent.succeeded")).hasSize(1);
  }

  @Test
  void aPendingDebitCannotBeRefundedAndItsChargeIsPending() throws StripeException {
    PaymentIntent processing = pay("pm_usBankAccount_success");

    InvalidRequestException refused = catchThrowableOfType(() -> stripe.v1().refunds().create(
        RefundCreateParams.builder().setPaymentIntent(processing.getId()).build()),
        InvalidRequestException.class);

    assertThat(refused.getParam()).isEqualTo("payment_intent");
    Charge pending = stripe.v1().charges().retrieve(processing.getLatestCharge());
    assertThat(pending.getStatus()).isEqualTo("pending");
    assertThat(pending.getPaid()).isFalse();
  }

  @Test
  void anInsufficientFundsDebitFailsWhenItSettles() throws StripeException {
    PaymentIntent processing = pay("pm_usBankAccount_insufficientFunds");

    simulator.advanceClock(Duration.ofMinutes(5));

    PaymentIntent failed = stripe.v1().paymentIntents().retrieve(processing.getId());
    assertThat(failed.getStatus()).isEqualTo("requires_payment_method");
    assertThat(failed.getLastPaymentError().getCode()).isEqualTo("insufficient_funds");
    assertThat(stripe.v1().charges().retrieve(processing.getLatestCharge()).getStatus()).isEqualTo("failed");
    assertThat(simulator.eventIds("charge.failed")).hasSize(1);
    assertThat(simulator.eventIds("payment_intent.payment_failed")).hasSize(1);
  }

  @Test
  void theProcessingAccountStaysProcessingUntilSettledOnDemand() throws StripeException {
    PaymentIntent first = pay("pm_usBankAccount_processing");
    PaymentIntent second = pay("pm_usBankAccount_processing");

    simulator.advanceClock(Duration.ofDays(3));
    String afterThreeDays = stripe.v1().paymentIntents().retrieve(first.getId()).getStatus();
    simulator.completeAsyncPayment(first.getId(), true);
    simulator.completeAsyncPayment(second.getId(), false);

    assertThat(afterThreeDays).isEqualTo("processing");
    assertThat(stripe.v1().paymentIntents().retrieve(first.getId()).getStatus()).isEqualTo("succeeded");
    PaymentIntent failed = stripe.v1().paymentIntents().retrieve(second.getId());
    assertThat(failed.getStatus()).isEqualTo("requires_payment_method");
    assertThat(failed.getLastPaymentError().getCode()).isEqualTo("payment_method_provider_decline");
    assertThatThrownBy(() -> simulator.completeAsyncPayment(first.getId(), true))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("only a processing");
    assertThatThrownBy(() -> simulator.completeAsyncPayment("pi_nope", true))
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void aCanceledDebitDoesNotSettleLater() throws StripeException {
    PaymentIntent processing = pay("pm_usBankAccount_success");

    stripe.v1().paymentIntents().cancel(processing.getId());
    simulator.advanceClock(Duration.ofMinutes(5));

    assertThat(stripe.v1().paymentIntents().retrieve(processing.getId()).getStatus()).isEqualTo("canceled");
    assertThat(simulator.eventIds("payment_intent.succeeded")).isEmpty();
  }

  @Test
  void bankAccountPaymentMethodsHaveTheirOwnShape() throws StripeException {
    PaymentIntent processing = pay("pm_usBankAccount_success");

    PaymentMethod method = stripe.v1().paymentMethods().retrieve(processing.getPaymentMethod());

    assertThat(method.getType()).isEqualTo("us_bank_account");
    assertThat(method.getUsBankAccount().getLast4()).isEqualTo("6789");
    assertThat(method.getUsBankAccount().getRoutingNumber()).isEqualTo("110000000");
    assertThat(method.getCard()).isNull();
  }

  @Test
  void aCheckoutSessionPaidByBankDebitCompletesUnpaidThenReportsTheOutcome() throws StripeException {
    Session succeeding = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());
    Session failing = stripe.v1().checkout().sessions().create(twoMugsAndATowel().build());

    simulator.payCheckoutSession(succeeding.getId(), "pm_usBankAccount_success");
    simulator.payCheckoutSession(failing.getId(), "pm_usBankAccount_accountClosed");
    Session unpaid = stripe.v1().checkout().sessions().retrieve(succeeding.getId());
    simulator.advanceClock(Duration.ofMinutes(5));

    assertThat(unpaid.getStatus()).isEqualTo("complete");
    assertThat(unpaid.getPaymentStatus()).isEqualTo("unpaid");
    assertThat(simulator.eventIds("checkout.session.completed")).hasSize(2);
    Session paid = stripe.v1().checkout().sessions().retrieve(succeeding.getId());
    assertThat(paid.getPaymentStatus()).isEqualTo("paid");
    Session notPaid = stripe.v1().checkout().sessions().retrieve(failing.getId());
    assertThat(notPaid.getStatus()).isEqualTo("complete");
    assertThat(notPaid.getPaymentStatus()).isEqualTo("unpaid");
    assertThat(simulator.eventIds("checkout.session.async_payment_succeeded")).hasSize(1);
    assertThat(simulator.eventIds("checkout.session.async_payment_failed")).hasSize(1);
  }

  private PaymentIntent pay(String method) throws StripeException {
    return stripe.v1().paymentIntents().create(twentyDollars().setPaymentMethod(method)
        .setConfirm(true).build());
  }
}
