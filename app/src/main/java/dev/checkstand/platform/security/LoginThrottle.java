package dev.checkstand.platform.security;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed sign-ins per client address and per user name and refuses attempts beyond the allowance a minute;
 * each time an allowance runs out again the wait doubles (up to 32 minutes) until an hour passes without failures.
 * Only failures count: an attempt is let through while the allowance lasts, and a failure is charged when it is known.
 * Charging attempts up front instead would refuse an admin client's concurrent, correctly signed requests (HTTP Basic
 * signs in on every request). Guesses sent in parallel can pass the allowance by as many as are in flight at once, but
 * every one is charged: the allowance goes into debt and the address (or user name) waits until the debt is paid, so
 * a burst of N guesses costs N / allowance minutes — guessing stays bounded over time. A success forgives its own
 * address, never another one.
 *
 * <p>Held in memory per instance, on purpose: invariant 10 is about business state another instance would need, and
 * a throttle that is per instance still bounds guessing to the allowance times the number of instances. Memory is
 * bounded: at most {@code maxTracked} addresses and as many user names are remembered, the least recently seen
 * forgotten first, so an attacker rotating addresses cannot grow it.
 */
final class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_DOUBLINGS = 5;
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final Clock clock;
    private final Failures byAddress;
    private final Failures byUser;

    LoginThrottle(LoginThrottleProperties properties, Clock clock) {
        this.clock = clock;
        TimeMeter time = new ClockTime(clock);
        this.byAddress = new Failures("address", properties.failuresPerMinute(), properties.maxTracked(), time);
        this.byUser = new Failures("user name", properties.failuresPerMinutePerUser(), properties.maxTracked(), time);
    }

    /** Whether this address and user name may try now: empty to go ahead, otherwise how long to wait. */
    Optional<Duration> tryAttempt(String address, String user) {
        return byAddress.tracked(addressKey(address)).waitFor()
                .or(() -> byUser.tracked(userKey(user)).waitFor());
    }

    /** The attempt failed: charged to its address and user name, and a spent allowance starts a (longer) wait. */
    void failed(String address, String user) {
        Instant now = clock.instant();
        byAddress.failed(addressKey(address), now);
        byUser.failed(userKey(user), now);
    }

    /** The attempt succeeded: its own address is forgiven its strikes. */
    void succeeded(String address, String user) {
        byAddress.tracked(addressKey(address)).forgive();
    }

    /** How many addresses and user names are remembered now. */
    int tracked() {
        return byAddress.size() + byUser.size();
    }

    // IPv6 clients get a /64 each and can rotate within it at will: they are counted by that prefix. In brackets the
    // JDK parses an IPv6 literal and never turns to DNS.
    static String addressKey(String address) {
        if (address == null) {
            return "";
        }
        if (address.indexOf(':') >= 0) {
            try {
                byte[] bytes = InetAddress.getByName("[" + address + "]").getAddress();
                if (bytes.length == 16) {
                    return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
                }
            } catch (UnknownHostException e) {
                return address;
            }
        }
        return address.length() > 64 ? address.substring(0, 64) : address;
    }

    // User names are matched case-insensitively by the user store, so here too; a long one is cut, not stored whole.
    private static String userKey(String user) {
        String key = user == null ? "" : user.toLowerCase(Locale.ROOT);
        return key.length() > 100 ? key.substring(0, 100) : key;
    }

    private static final class Failures {

        private final String kind;
        private final int perMinute;
        private final TimeMeter time;
        private final Map<String, Tracked> entries;

        Failures(String kind, int perMinute, int maxTracked, TimeMeter time) {
            this.kind = kind;
            this.perMinute = perMinute;
            this.time = time;
            this.entries = new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Tracked> eldest) {
                    return size() > maxTracked;
                }
            };
        }

        Tracked tracked(String key) {
            synchronized (entries) {
                return entries.computeIfAbsent(key, k -> new Tracked(perMinute, time));
            }
        }

        void failed(String key, Instant now) {
            Optional<Duration> blockedFor = tracked(key).failed(now);
            blockedFor.ifPresent(wait -> log.warn("Sign-ins refused for {} s after {} failures a minute from one {}",
                    Math.max(1, wait.toSeconds()), perMinute, kind.equals("address") ? "address (" + key + ")" : kind));
        }

        int size() {
            synchronized (entries) {
                return entries.size();
            }
        }
    }

    private static final class Tracked {

        private final int perMinute;
        private final Bucket bucket;
        private int strikes;
        private Instant lastFailure;

        Tracked(int perMinute, TimeMeter time) {
            this.perMinute = perMinute;
            this.bucket = Bucket.builder()
                    .addLimit(limit -> limit.capacity(perMinute).refillIntervally(perMinute, WINDOW))
                    .withCustomTimePrecision(time)
                    .build();
        }

        Optional<Duration> waitFor() {
            EstimationProbe probe = bucket.estimateAbilityToConsume(1);
            return probe.canBeConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }

        synchronized void forgive() {
            strikes = 0;
        }

        // The failure that spends the allowance is a strike; strike n adds 2^(n-1) - 1 windows of debt to the wait.
        synchronized Optional<Duration> failed(Instant now) {
            if (lastFailure != null && lastFailure.plus(FORGET_AFTER).isBefore(now)) {
                strikes = 0;
            }
            lastFailure = now;
            // Charged even beyond the allowance: guesses that were in flight together all pay.
            bucket.consumeIgnoringRateLimits(1);
            if (bucket.getAvailableTokens() > 0) {
                return Optional.empty();
            }
            strikes = Math.min(strikes + 1, MAX_DOUBLINGS + 1);
            long debt = perMinute * ((1L << (strikes - 1)) - 1);
            if (debt > 0) {
                bucket.consumeIgnoringRateLimits(debt);
            }
            return Optional.of(Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill()));
        }
    }

    private record ClockTime(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
