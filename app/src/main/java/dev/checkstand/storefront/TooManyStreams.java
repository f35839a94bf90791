package dev.checkstand.storefront;

import dev.checkstand.common.Problem;
import java.time.Duration;
import java.util.Optional;

/** No more status streams can be opened on this instance now (503 {@code too_many_streams}); retry later. */
final class TooManyStreams extends Problem {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    TooManyStreams(String detail) {
        super(503, "too_many_streams", "Too many open streams", detail);
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(RETRY_AFTER);
    }
}
