package dev.checkstand.payment.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * stripe-java's HTTP client behind one token bucket per instance (Bucket4j), so every Stripe call of the service —
 * checkout, confirm, recovery, reconciliation — shares Stripe's rate limit; a 429 is waited out with exponential
 * backoff before the SDK sees it. The time each request waits for a token is recorded
 * ({@code checkstand_stripe_rate_limit_wait_seconds}): long waits say the limit is too low for the load.
 */
final class RateLimitedHttpClient extends HttpURLConnectionClient {

    private static final Logger log = LoggerFactory.getLogger(RateLimitedHttpClient.class);
    private static final int RETRIES_ON_429 = 3;

    private final Bucket bucket;
    private final Timer waits;

    RateLimitedHttpClient(int requestsPerSecond, Timer waits) {
        this.waits = waits;
        this.bucket = requestsPerSecond <= 0 ? null : Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(requestsPerSecond)
                        .refillGreedy(requestsPerSecond, Duration.ofSeconds(1)).build())
                .build();
    }

    @Override
    public StripeResponse request(StripeRequest request) throws ApiConnectionException {
        StripeResponse response = null;
        for (int attempt = 0; attempt <= RETRIES_ON_429; attempt++) {
            acquire();
            response = super.request(request);
            if (response.code() != 429 || attempt == RETRIES_ON_429) {
                return response;
            }
            long pause = 250L << attempt;
            log.info("Stripe answered 429 to {} {}; backing off {} ms", request.method(), request.url().getPath(), pause);
            sleep(pause);
        }
        return response;
    }

    /** Requests that may go now without waiting; empty when this instance has no limit. */
    OptionalLong availablePermits() {
        return bucket == null ? OptionalLong.empty() : OptionalLong.of(bucket.getAvailableTokens());
    }

    private void acquire() throws ApiConnectionException {
        if (bucket == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            bucket.asBlocking().consume(1);
            waits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiConnectionException("interrupted while waiting for the Stripe rate limit", e);
        }
    }

    private static void sleep(long millis) throws ApiConnectionException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiConnectionException("interrupted while backing off a 429", e);
        }
    }
}
