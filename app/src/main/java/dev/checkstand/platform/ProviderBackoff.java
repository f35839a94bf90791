package dev.checkstand.platform;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background job's view of a provider's circuit breaker: while it is open the job skips its provider work for the
 * run instead of making calls that would all fail fast (and spend each item's retries for nothing); the work stays
 * due and is done once the provider is tried again. Says so once when the skipping begins and once when it ends, not
 * every run nor for every item.
 */
public final class ProviderBackoff {

    private static final Logger log = LoggerFactory.getLogger(ProviderBackoff.class);

    private final String job;
    private final String provider;
    private final AtomicBoolean skipping = new AtomicBoolean();

    public ProviderBackoff(String job, String provider) {
        this.job = job;
        this.provider = provider;
    }

    /** Whether to skip this run: true while {@code failingFastFor} (the provider's breaker) says calls fail fast. */
    public boolean skip(Optional<Duration> failingFastFor) {
        if (failingFastFor.isPresent()) {
            if (skipping.compareAndSet(false, true)) {
                log.warn("{}: {} keeps failing and its circuit breaker is open; its work waits until {} is tried again"
                        + " (in {} s)", job, provider, provider, failingFastFor.get().toSeconds());
            }
            return true;
        }
        if (skipping.compareAndSet(true, false)) {
            log.info("{}: {} is tried again; the work that waited goes ahead", job, provider);
        }
        return false;
    }
}
