package dev.checkstand.platform.security;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** A sign-in refused without checking the password: its address or user name failed too often; retry after the wait. */
final class TooManyAttempts extends AuthenticationException {

    private final Duration retryAfter;

    TooManyAttempts(Duration retryAfter) {
        super("Too many failed sign-ins; retry after " + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds to wait, at least one: the value of a {@code Retry-After} header. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
