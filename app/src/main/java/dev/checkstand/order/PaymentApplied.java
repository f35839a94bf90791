package dev.checkstand.order;

import java.util.function.Function;

/**
 * What receiving a succeeded payment did to an order. Java 17 cannot switch over a sealed type, so callers take
 * every case through {@link #fold}, which the compiler holds them to.
 */
public sealed interface PaymentApplied {

    /** Handles each outcome; exactly one function runs. */
    <R> R fold(Function<Paid, R> paid, Function<AlreadyPaid, R> alreadyPaid, Function<PaidAfterCancel, R> paidAfterCancel);

    /** The order was pending and is now paid; {@code amountMismatch} when it received another amount or currency. */
    record Paid(boolean amountMismatch) implements PaymentApplied {
        @Override
        public <R> R fold(Function<Paid, R> paid, Function<AlreadyPaid, R> alreadyPaid,
                Function<PaidAfterCancel, R> paidAfterCancel) {
            return paid.apply(this);
        }
    }

    /** Another payment had paid the order already: this one is a duplicate, flagged, and must be returned. */
    record AlreadyPaid() implements PaymentApplied {
        @Override
        public <R> R fold(Function<Paid, R> paid, Function<AlreadyPaid, R> alreadyPaid,
                Function<PaidAfterCancel, R> paidAfterCancel) {
            return alreadyPaid.apply(this);
        }
    }

    /** The order was canceled (its stock released) before the money arrived: flagged, and the money must go back. */
    record PaidAfterCancel() implements PaymentApplied {
        @Override
        public <R> R fold(Function<Paid, R> paid, Function<AlreadyPaid, R> alreadyPaid,
                Function<PaidAfterCancel, R> paidAfterCancel) {
            return paidAfterCancel.apply(this);
        }
    }
}
