package dev.checkstand.payment.gateway;

import dev.checkstand.common.Problem;
import java.time.Duration;
import java.util.Optional;

/**
 * Stripe gave no definite answer, or was not asked because it keeps failing; repeating the same request is safe and
 * will finish the work. In the latter case {@code Retry-After} says when Stripe is tried again.
 */
public final class PaymentProviderUnavailable extends Problem {

    private final Duration retryAfter;

    public PaymentProviderUnavailable(String reason) {
        this(reason, Optional.empty());
    }

    /** No definite answer; {@code retryAfter} while Stripe's circuit breaker is open ({@link PaymentGateway#failingFastFor}). */
    public PaymentProviderUnavailable(String reason, Optional<Duration> retryAfter) {
        this("The payment provider did not answer definitely; repeat the request (it is idempotent). " + reason,
                retryAfter.orElse(null));
    }

    private PaymentProviderUnavailable(String detail, Duration retryAfter) {
        super(503, "payment_provider_unavailable", "Payment provider unavailable", detail);
        this.retryAfter = retryAfter;
    }

    /** Stripe was not asked, so nothing was changed: it keeps failing, and is tried again after {@code retryAfter}. */
    public static PaymentProviderUnavailable failingFast(Duration retryAfter) {
        return new PaymentProviderUnavailable("The payment provider keeps failing, so it was not asked and nothing was"
                + " created; repeat the request after the Retry-After delay.", retryAfter);
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
