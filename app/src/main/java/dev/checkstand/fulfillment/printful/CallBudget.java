package dev.checkstand.fulfillment.printful;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Printful's 120 calls per minute, kept on our side: one Bucket4j bucket every call of this instance takes a token
 * from (waiting for one, up to a bound), and a pause every call honours once Printful answered 429 with
 * {@code Retry-After}. The bucket is per instance: with several instances, give each its share
 * ({@code CHECKSTAND_PRINTFUL_CALLS_PER_MINUTE}); Printful's 429s, honoured, cover what the shares get wrong.
 */
final class CallBudget {

    private final Bucket bucket;
    private final Clock clock;
    private final int reserve;
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.EPOCH);

    CallBudget(int callsPerMinute, Clock clock) {
        this.clock = clock;
        this.reserve = callsPerMinute / 4;
        this.bucket = callsPerMinute <= 0 ? null : Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(callsPerMinute)
                        .refillGreedy(callsPerMinute, Duration.ofMinutes(1)).build())
                .build();
    }

    /**
     * Waits until a call may go: after any pause, then for a token. False when that would take longer than
     * {@code maxWait} (nothing taken); with a zero {@code maxWait}, unless a call may go at once.
     */
    boolean acquire(Duration maxWait) throws InterruptedException {
        Duration pause = Duration.between(clock.instant(), pausedUntil.get());
        if (pause.compareTo(maxWait) > 0) {
            return false;
        }
        if (maxWait.isZero()) {
            // Bucket4j's blocking take refuses a zero wait.
            return bucket == null || bucket.tryConsume(1);
        }
        if (!pause.isNegative() && !pause.isZero()) {
            Thread.sleep(pause.toMillis() + 1);
        }
        return bucket == null || bucket.asBlocking().tryConsume(1, maxWait);
    }

    /**
     * A call that yields to the others (shipping quotes, which a storefront can ask for at any rate): only at once, and
     * only while more than a quarter of the minute's calls are left, which stay for fulfillment.
     */
    boolean acquireYielding() {
        if (Duration.between(clock.instant(), pausedUntil.get()).compareTo(Duration.ZERO) > 0) {
            return false;
        }
        return bucket == null || (bucket.getAvailableTokens() > reserve && bucket.tryConsume(1));
    }

    /** Printful said to wait: no call of this instance goes before {@code until}. */
    void pauseUntil(Instant until) {
        pausedUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Calls that may go now without waiting for the bucket; empty when this instance has no limit. */
    OptionalLong available() {
        return bucket == null ? OptionalLong.empty() : OptionalLong.of(bucket.getAvailableTokens());
    }

    /** How long from now calls are paused (zero when they are not). */
    Duration pause() {
        Duration left = Duration.between(clock.instant(), pausedUntil.get());
        return left.isNegative() ? Duration.ZERO : left;
    }
}
