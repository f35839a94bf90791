package dev.checkstand.payment.stripe;

import com.stripe.exception.StripeException;
import com.stripe.net.HttpClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import com.stripe.net.StripeResponseStream;
import dev.checkstand.platform.CallOutcome;
import dev.checkstand.platform.ProviderBreaker;
import java.util.function.ToIntFunction;

/**
 * stripe-java's HTTP client with Stripe's circuit breaker around each API call: once per call, outside the SDK's
 * network retries and the 429 backoffs of the rate-limited client inside, so what the breaker judges (and the
 * {@code checkstand_stripe_requests_total} counter counts) is the call's final answer. Connection failures, time-outs,
 * 5xx and a 429 still there after the backoffs count against the breaker; any other answer — a decline, a validation
 * error, an idempotency conflict — is Stripe working. While the breaker is open the call is not sent and fails at once
 * with {@link StripeNotCalled}.
 */
final class BreakerHttpClient extends HttpClient {

    private final RateLimitedHttpClient inner;
    private final ProviderBreaker breaker;

    BreakerHttpClient(RateLimitedHttpClient inner, ProviderBreaker breaker) {
        this.inner = inner;
        this.breaker = breaker;
    }

    /** Stripe's breaker, for the gateway's callers and the health. */
    ProviderBreaker breaker() {
        return breaker;
    }

    /** The rate-limited client underneath, for the health. */
    RateLimitedHttpClient limiter() {
        return inner;
    }

    @Override
    public StripeResponse request(StripeRequest request) throws StripeException {
        return inner.request(request);
    }

    @Override
    public StripeResponseStream requestStream(StripeRequest request) throws StripeException {
        return inner.requestStream(request);
    }

    @Override
    public StripeResponse requestWithRetries(StripeRequest request) throws StripeException {
        return guarded(request, () -> super.requestWithRetries(request), StripeResponse::code);
    }

    @Override
    public StripeResponseStream requestStreamWithRetries(StripeRequest request) throws StripeException {
        return guarded(request, () -> super.requestStreamWithRetries(request), StripeResponseStream::code);
    }

    private <R> R guarded(StripeRequest request, Send<R> send, ToIntFunction<R> status) throws StripeException {
        String operation = StripeOperations.of(request.method().name(), request.url().getPath());
        ProviderBreaker.Call call = breaker.begin(operation).orElseThrow(() -> new StripeNotCalled(operation));
        R response;
        try {
            response = send.send();
        } catch (StripeException | RuntimeException | Error e) {
            call.end(CallOutcome.FAILED);
            throw e;
        }
        call.end(CallOutcome.ofStatus(status.applyAsInt(response)));
        return response;
    }

    private interface Send<R> {
        R send() throws StripeException;
    }
}
