package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.PaymentApplied;
import dev.checkstand.payment.PaymentAttempt.OrderEffect;
import dev.checkstand.payment.PaymentAttempt.Status;
import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one transition's table (DESIGN.md invariant 3), without Spring: what Stripe's state of a PaymentIntent does to
 * an attempt in each status, and, when money arrived, what the attempt records for each thing the order can say of
 * it. How an order in each status takes money (pending → Paid, paid → AlreadyPaid, canceled → PaidAfterCancel) is
 * Order's table, walked in OrderTests.
 */
class PaymentTransitionTableTests {

    private static final OrderId ORDER = OrderId.of(UUID.fromString("00000000-0000-0000-0000-0000000000aa"));

    /** attempt status, Stripe's status, whether Stripe says why it failed → the status written (- for none), the order's part. */
    @ParameterizedTest(name = "{0} + {1}{2} -> {3}, {4}")
    @CsvSource(delimiter = '|', textBlock = """
            creating                | succeeded               |        | -                       | RECEIVE
            requires_payment_method | succeeded               |        | -                       | RECEIVE
            requires_confirmation   | succeeded               |        | -                       | RECEIVE
            requires_action         | succeeded               |        | -                       | RECEIVE
            processing              | succeeded               |        | -                       | RECEIVE
            requires_capture        | succeeded               |        | -                       | RECEIVE
            succeeded               | succeeded               |        | -                       | NONE
            duplicate               | succeeded               |        | -                       | NONE
            succeeded_after_cancel  | succeeded               |        | -                       | NONE
            creating                | processing              |        | processing              | PROCESSING
            requires_payment_method | processing              |        | processing              | PROCESSING
            requires_action         | processing              |        | processing              | PROCESSING
            processing              | processing              |        | -                       | PROCESSING
            succeeded               | processing              |        | -                       | NONE
            canceled                | processing              |        | -                       | NONE
            failed                  | processing              |        | -                       | NONE
            creating                | requires_payment_method |        | requires_payment_method | NONE
            requires_payment_method | requires_payment_method |        | -                       | NONE
            requires_action         | requires_payment_method |        | requires_payment_method | NONE
            processing              | requires_payment_method |        | requires_payment_method | NONE
            succeeded               | requires_payment_method |        | -                       | NONE
            creating                | requires_payment_method | failed | requires_payment_method | PAYMENT_FAILED
            requires_payment_method | requires_payment_method | failed | requires_payment_method | PAYMENT_FAILED
            requires_action         | requires_payment_method | failed | requires_payment_method | PAYMENT_FAILED
            processing              | requires_payment_method | failed | requires_payment_method | PAYMENT_FAILED
            succeeded               | requires_payment_method | failed | -                       | NONE
            duplicate               | requires_payment_method | failed | -                       | NONE
            canceled                | requires_payment_method | failed | -                       | NONE
            failed                  | requires_payment_method | failed | -                       | NONE
            creating                | requires_action         |        | requires_action         | NONE
            requires_payment_method | requires_action         |        | requires_action         | NONE
            requires_action         | requires_action         |        | -                       | NONE
            succeeded               | requires_action         |        | -                       | NONE
            creating                | requires_capture        |        | -                       | AUTHORIZE
            requires_action         | requires_capture        |        | -                       | AUTHORIZE
            processing              | requires_capture        |        | -                       | AUTHORIZE
            requires_capture        | requires_capture        |        | -                       | NONE
            authorized              | requires_capture        |        | -                       | NONE
            canceled                | requires_capture        |        | -                       | NONE
            succeeded               | requires_capture        |        | -                       | NONE
            succeeded_after_cancel  | requires_capture        |        | -                       | NONE
            authorized              | succeeded               |        | -                       | CAPTURE
            authorized              | canceled                |        | canceled                | RELEASE
            authorized              | processing              |        | -                       | NONE
            authorized              | requires_action         |        | -                       | NONE
            authorized              | requires_payment_method |        | -                       | NONE
            authorized              | requires_payment_method | failed | -                       | NONE
            creating                | canceled                |        | canceled                | NONE
            requires_payment_method | canceled                |        | canceled                | NONE
            processing              | canceled                |        | canceled                | NONE
            canceled                | canceled                |        | -                       | NONE
            succeeded               | canceled                |        | -                       | NONE
            duplicate               | canceled                |        | -                       | NONE
            failed                  | canceled                |        | -                       | NONE
            """)
    void stripesWordMovesTheAttemptOnlyForward(String attemptStatus, String stripeStatus, String failure,
            String expectedStatus, OrderEffect expectedEffect) {
        PaymentAttempt attempt = attempt(Status.fromWire(attemptStatus), null);

        PaymentAttempt.Step step = attempt.onStripe(pi(stripeStatus, 0, "failed".equals(failure) ? "ch_1" : null));

        assertThat(step.change().map(change -> change.to().wire())).isEqualTo(
                "-".equals(expectedStatus) ? Optional.empty() : Optional.of(expectedStatus));
        step.change().ifPresent(change -> assertThat(change.from()).isEqualTo(attempt.status()));
        assertThat(step.effect()).isEqualTo(expectedEffect);
    }

    @Test
    void moneyForAnAttemptThatEndedWithoutMoneyIsAContradictionNotDropped() {
        for (Status ended : EnumSet.of(Status.CANCELED, Status.FAILED)) {
            assertThatThrownBy(() -> attempt(ended, null).onStripe(pi("succeeded", 2999, null)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(ended.wire());
        }
    }

    @Test
    void aFailedChargeIsRecordedOnceHoweverOftenStripeSaysSo() {
        PaymentAttempt failedBefore = attempt(Status.REQUIRES_PAYMENT_METHOD, "ch_1");

        assertThat(failedBefore.onStripe(pi("requires_payment_method", 0, "ch_1"))).isEqualTo(PaymentAttempt.Step.NOTHING);
        assertThat(failedBefore.onStripe(pi("requires_payment_method", 0, "ch_2")).effect())
                .isEqualTo(OrderEffect.PAYMENT_FAILED);
    }

    /** What the order said of the money → what the attempt records, and which event asks for the money back. */
    @Test
    void moneyTheOrderTookIsKeptAndADuplicateOrALatePaymentIsAnnouncedForRefund() {
        PaymentIntentSnapshot pi = pi("succeeded", 2999, null);
        Map<PaymentApplied, Status> recorded = Map.of(new PaymentApplied.Paid(false), Status.SUCCEEDED,
                new PaymentApplied.Paid(true), Status.SUCCEEDED, new PaymentApplied.AlreadyPaid(), Status.DUPLICATE,
                new PaymentApplied.PaidAfterCancel(), Status.SUCCEEDED_AFTER_CANCEL);

        recorded.forEach((applied, status) -> {
            PaymentAttempt attempt = attempt(Status.PROCESSING, null);
            PaymentAttempt.Change change = attempt.received(applied, 2999);
            assertThat(change.to()).as("%s", applied).isEqualTo(status);
            assertThat(change.from()).isEqualTo(Status.PROCESSING);
            assertThat(change.amountReceived()).isEqualTo(2999);
        });

        PaymentAttempt attempt = attempt(Status.PROCESSING, null);
        assertThat(PaymentTransition.returnOf(attempt, new PaymentApplied.Paid(false), pi)).isEmpty();
        assertThat(PaymentTransition.returnOf(attempt, new PaymentApplied.AlreadyPaid(), pi)).contains(
                new DuplicatePaymentReceived(ORDER, attempt.id(), "pi_1", Money.of(2999, "gbp")));
        assertThat(PaymentTransition.returnOf(attempt, new PaymentApplied.PaidAfterCancel(), pi)).contains(
                new PaymentSucceededAfterCancel(ORDER, attempt.id(), "pi_1", Money.of(2999, "gbp")));
    }

    @ParameterizedTest
    @EnumSource(Status.class)
    void anEndedAttemptNeverMovesAndNothingMovesBackToCreating(Status from) {
        for (Status to : Status.values()) {
            boolean allowed = from.canMoveTo(to);
            if (from.isTerminal() || to == Status.CREATING || to == from
                    || from == Status.AUTHORIZED && to != Status.SUCCEEDED && to != Status.CANCELED) {
                assertThat(allowed).as("%s -> %s", from, to).isFalse();
            } else {
                assertThat(allowed).as("%s -> %s", from, to).isTrue();
            }
        }
    }

    /** What the order said of an authorization → what the attempt records: the order's hold, or one to release. */
    @Test
    void anAuthorizationTheOrderTookIsHeldAndAnyOtherWaitsToBeReleased() {
        Map<PaymentApplied, Status> recorded = Map.of(new PaymentApplied.Paid(false), Status.AUTHORIZED,
                new PaymentApplied.Paid(true), Status.AUTHORIZED, new PaymentApplied.AlreadyPaid(),
                Status.REQUIRES_CAPTURE, new PaymentApplied.PaidAfterCancel(), Status.REQUIRES_CAPTURE);

        recorded.forEach((applied, status) -> {
            PaymentAttempt attempt = attempt(Status.REQUIRES_ACTION, null);
            assertThat(attempt.authorized(applied, 2999).map(PaymentAttempt.Change::to)).as("%s", applied)
                    .contains(status);
        });
        assertThat(attempt(Status.AUTHORIZED, null).captured(2000).to()).isEqualTo(Status.SUCCEEDED);
        assertThat(attempt(Status.AUTHORIZED, null).captured(2000).amountReceived()).isEqualTo(2000);
        assertThat(attempt(Status.AUTHORIZED, null).fail(Status.FAILED, "x", "ch_9")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Status.class)
    void moneyTakenTwiceIsRefused(Status status) {
        PaymentAttempt attempt = attempt(status, null);
        if (status.isTerminal()) {
            assertThatThrownBy(() -> attempt.received(new PaymentApplied.Paid(false), 100))
                    .isInstanceOf(IllegalStateException.class);
        } else {
            assertThat(attempt.received(new PaymentApplied.Paid(false), 100).to()).isEqualTo(Status.SUCCEEDED);
        }
    }

    private static PaymentAttempt attempt(Status status, String lastFailureCharge) {
        return new PaymentAttempt(UUID.randomUUID(), ORDER, 1, PaymentAttempt.Kind.PAYMENT_INTENT, status,
                "order:" + ORDER + ":attempt:1:create", "pi_1", null, null, Money.of(2999, "gbp"), 0,
                lastFailureCharge == null ? null : "card_declined", lastFailureCharge,
                Instant.parse("2026-12-01T10:00:00Z"), null, PaymentAttempt.Capture.MANUAL);
    }

    private static PaymentIntentSnapshot pi(String status, long received, String failedCharge) {
        return new PaymentIntentSnapshot("pi_1", status, 2999L, received, "gbp", Map.of(), failedCharge,
                failedCharge == null ? null : "card_declined", failedCharge == null ? null : "Your card was declined.",
                null, null, null, null);
    }
}
