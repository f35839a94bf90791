package dev.checkstand.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.common.ProductId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderTests {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    static Order twoMugsToLondon() {
        NewOrder request = new NewOrder("co_0123456789abcdef", "fp", "a@example.com",
                new ShippingAddress("A", "1 High St", null, "London", null, "N1", "GB"),
                List.of(new NewOrder.Item(ProductId.of(UUID.randomUUID()), "MUG", "Mug", Money.of(1250, "gbp"), 2)),
                Money.of(499, "gbp"), NOW.plusSeconds(1800));
        return Order.pending(OrderId.of(UUID.randomUUID()), "CS-0000001", request, NOW);
    }

    @Test
    void paymentOfTheTotalMarksPaidOnce() {
        Order order = twoMugsToLondon();

        assertThat(order.applyPayment(Money.of(2999, "gbp"), NOW)).isEqualTo(new PaymentApplied.Paid(false));
        assertThat(order.status()).isEqualTo(Order.Status.PAID);
        assertThat(order.paymentStatus()).isEqualTo(Order.PaymentStatus.PAID);
        assertThat(order.amountPaid()).isEqualTo(2999);
        assertThat(order.needsAttention()).isFalse();
    }

    @Test
    void anAuthorizationPlacesTheOrderWithNothingTakenAndItsCaptureOrReleaseEndsItOnce() {
        Order captured = twoMugsToLondon();
        Order released = twoMugsToLondon();

        assertThat(captured.authorize(Money.of(2999, "gbp"))).isEqualTo(new PaymentApplied.Paid(false));
        assertThat(captured.status()).isEqualTo(Order.Status.PAID);
        assertThat(captured.paymentStatus()).isEqualTo(Order.PaymentStatus.AUTHORIZED);
        assertThat(captured.amountAuthorized()).isEqualTo(2999);
        assertThat(captured.amountPaid()).isZero();
        assertThat(captured.paidAt()).isNull();
        assertThat(captured.authorize(Money.of(2999, "gbp"))).isEqualTo(new PaymentApplied.AlreadyPaid());
        assertThat(captured.capture(2000, NOW)).isTrue();
        assertThat(captured.capture(2999, NOW)).isFalse();
        assertThat(captured.releaseAuthorization(NOW)).isFalse();
        assertThat(captured.paymentStatus()).isEqualTo(Order.PaymentStatus.PAID);
        assertThat(captured.amountPaid()).isEqualTo(2000);
        assertThat(captured.paidAt()).isEqualTo(NOW);

        released.authorize(Money.of(2999, "gbp"));
        assertThat(released.releaseAuthorization(NOW)).isTrue();
        assertThat(released.releaseAuthorization(NOW)).isFalse();
        assertThat(released.capture(2999, NOW)).isFalse();
        assertThat(released.status()).isEqualTo(Order.Status.CANCELED);
        assertThat(released.paymentStatus()).isEqualTo(Order.PaymentStatus.UNPAID);
        assertThat(released.amountPaid()).isZero();
        assertThat(released.authorize(Money.of(2999, "gbp"))).isEqualTo(new PaymentApplied.PaidAfterCancel());
        assertThat(released.attentionReasons()).containsExactly("paid_after_cancel");
    }

    @Test
    void anOrderNotHoldingAnAuthorizationIsNeitherCapturedNorReleased() {
        Order pending = twoMugsToLondon();
        Order paid = twoMugsToLondon();
        paid.applyPayment(Money.of(2999, "gbp"), NOW);

        assertThat(pending.capture(2999, NOW)).isFalse();
        assertThat(pending.releaseAuthorization(NOW)).isFalse();
        assertThat(paid.capture(2999, NOW)).isFalse();
        assertThat(paid.releaseAuthorization(NOW)).isFalse();
        assertThat(pending.status()).isEqualTo(Order.Status.PENDING_PAYMENT);
        assertThat(paid.paymentStatus()).isEqualTo(Order.PaymentStatus.PAID);
    }

    @Test
    void aSecondPaymentOfAPaidOrderIsADuplicateThatChangesNothingButTheFlag() {
        Order order = twoMugsToLondon();
        order.applyPayment(Money.of(2999, "gbp"), NOW);

        assertThat(order.applyPayment(Money.of(2999, "gbp"), NOW.plusSeconds(60))).isEqualTo(new PaymentApplied.AlreadyPaid());
        assertThat(order.status()).isEqualTo(Order.Status.PAID);
        assertThat(order.amountPaid()).isEqualTo(2999);
        assertThat(order.paidAt()).isEqualTo(NOW);
        assertThat(order.attentionReasons()).containsExactly("duplicate_payment");
    }

    @Test
    void differentAmountOrCurrencyIsPaidButFlagged() {
        Order lessMoney = twoMugsToLondon();
        Order otherCurrency = twoMugsToLondon();

        assertThat(lessMoney.applyPayment(Money.of(100, "gbp"), NOW)).isEqualTo(new PaymentApplied.Paid(true));
        assertThat(otherCurrency.applyPayment(Money.of(2999, "usd"), NOW)).isEqualTo(new PaymentApplied.Paid(true));

        assertThat(lessMoney.status()).isEqualTo(Order.Status.PAID);
        assertThat(lessMoney.attentionReasons()).containsExactly("amount_mismatch");
        assertThat(otherCurrency.attentionReasons()).containsExactly("amount_mismatch");
    }

    @Test
    void paidOrderCannotBeCanceledAndCanceledOrderIsNotPaid() {
        Order paid = twoMugsToLondon();
        paid.applyPayment(Money.of(2999, "gbp"), NOW);
        Order canceled = twoMugsToLondon();
        assertThat(canceled.cancel(NOW)).isEqualTo(Order.Cancellation.CANCELED);

        assertThat(paid.cancel(NOW)).isEqualTo(Order.Cancellation.REFUSED_PAID);
        assertThat(paid.status()).isEqualTo(Order.Status.PAID);
        assertThat(canceled.cancel(NOW)).isEqualTo(Order.Cancellation.ALREADY_CANCELED);
        assertThat(canceled.applyPayment(Money.of(2999, "gbp"), NOW)).isEqualTo(new PaymentApplied.PaidAfterCancel());
        assertThat(canceled.amountPaid()).isZero();
        assertThat(canceled.status()).isEqualTo(Order.Status.CANCELED);
        assertThat(canceled.attentionReasons()).containsExactly("paid_after_cancel");
    }

    @Test
    void processingGoesBackToUnpaidWhenThePaymentFails() {
        Order order = twoMugsToLondon();

        assertThat(order.markProcessing()).isTrue();
        assertThat(order.markProcessing()).isFalse();
        assertThat(order.markPaymentFailed()).isTrue();
        assertThat(order.paymentStatus()).isEqualTo(Order.PaymentStatus.UNPAID);
    }
}
