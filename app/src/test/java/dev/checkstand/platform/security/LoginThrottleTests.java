package dev.checkstand.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.MovingClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LoginThrottleTests {

    private final MovingClock clock = new MovingClock();
    private final LoginThrottle throttle = new LoginThrottle(new LoginThrottleProperties(10, 25, 1_000), clock);

    @Test
    void theEleventhAttemptAfterTenFailuresFromOneAddressIsRefusedWithAWait() {
        failTimes(10, "203.0.113.7", "admin");

        Optional<Duration> wait = throttle.tryAttempt("203.0.113.7", "admin");

        assertThat(wait).hasValueSatisfying(w -> assertThat(w).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));
    }

    @Test
    void anotherAddressSignsInWhileOneIsThrottledAndItsSuccessForgivesNoOneElse() {
        failTimes(10, "203.0.113.7", "admin");

        assertThat(throttle.tryAttempt("198.51.100.2", "admin")).isEmpty();
        throttle.succeeded("198.51.100.2", "admin");

        assertThat(throttle.tryAttempt("203.0.113.7", "admin")).isPresent();
    }

    @Test
    void theWaitGrowsWhileFailuresContinue() {
        failTimes(10, "203.0.113.7", "admin");
        Duration first = throttle.tryAttempt("203.0.113.7", "admin").orElseThrow();
        clock.advance(first);
        failTimes(10, "203.0.113.7", "admin");
        Duration second = throttle.tryAttempt("203.0.113.7", "admin").orElseThrow();
        clock.advance(second);
        failTimes(10, "203.0.113.7", "admin");
        Duration third = throttle.tryAttempt("203.0.113.7", "admin").orElseThrow();

        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
    }

    @Test
    void aUserNameAttackedFromManyAddressesIsThrottledEvenForAFreshAddress() {
        for (int i = 0; i < 25; i++) {
            failTimes(1, "203.0.113." + i, "Admin");
        }

        assertThat(throttle.tryAttempt("198.51.100.2", "admin")).isPresent();
        assertThat(throttle.tryAttempt("198.51.100.2", "someone-else")).isEmpty();
    }

    @Test
    void guessesInFlightTogetherAreAllChargedSoABurstWaitsForEveryOneOfThem() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> guesses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                guesses.add(() -> {
                    boolean tried = throttle.tryAttempt("203.0.113.7", "admin").isEmpty();
                    throttle.failed("203.0.113.7", "admin");
                    return tried;
                });
            }
            pool.invokeAll(guesses);
        } finally {
            pool.shutdownNow();
        }

        // 200 failures against an allowance of 10 a minute: at least 19 minutes before the next guess.
        assertThat(throttle.tryAttempt("203.0.113.7", "someone-else"))
                .hasValueSatisfying(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofMinutes(19)));
    }

    @Test
    void correctlySignedRequestsInParallelAreNeverThrottled() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> requests = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                requests.add(() -> {
                    boolean allowed = throttle.tryAttempt("203.0.113.7", "admin").isEmpty();
                    throttle.succeeded("203.0.113.7", "admin");
                    return allowed;
                });
            }
            long allowed = 0;
            for (Future<Boolean> request : pool.invokeAll(requests)) {
                allowed += request.get() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void memoryStaysBoundedWhenAnAttackerRotatesAddressesAndUserNames() {
        for (int i = 0; i < 50_000; i++) {
            String address = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            failTimes(1, address, "user" + i);
        }

        assertThat(throttle.tracked()).isLessThanOrEqualTo(2 * 1_000);
    }

    @Test
    void ipv6AddressesOfOneSlash64CountAsOneClient() {
        for (int i = 1; i <= 10; i++) {
            failTimes(1, "2001:db8:1:2:0:0:0:" + Integer.toHexString(i), "admin");
        }

        assertThat(throttle.tryAttempt("2001:db8:1:2::ffff", "admin")).isPresent();
        assertThat(throttle.tryAttempt("2001:db8:1:3::1", "admin")).isEmpty();
    }

    private void failTimes(int times, String address, String user) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.tryAttempt(address, user)).as("attempt %d from %s", i + 1, address).isEmpty();
            throttle.failed(address, user);
        }
    }
}
