package dev.checkstand.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many failed sign-ins a minute one client address ({@code CHECKSTAND_LOGIN_FAILURES_PER_MINUTE}) and one user
 * name ({@code CHECKSTAND_LOGIN_FAILURES_PER_MINUTE_PER_USER}) may make before further attempts are refused, and how
 * many addresses and user names are remembered at most ({@code checkstand.login-throttle.max-tracked}).
 */
@ConfigurationProperties("checkstand.login-throttle")
record LoginThrottleProperties(@DefaultValue("10") int failuresPerMinute, @DefaultValue("100") int failuresPerMinutePerUser,
        @DefaultValue("10000") int maxTracked) {

    LoginThrottleProperties {
        if (failuresPerMinute < 1) {
            throw new IllegalArgumentException("CHECKSTAND_LOGIN_FAILURES_PER_MINUTE must be at least 1");
        }
        if (failuresPerMinutePerUser < 1) {
            throw new IllegalArgumentException("CHECKSTAND_LOGIN_FAILURES_PER_MINUTE_PER_USER must be at least 1");
        }
        if (maxTracked < 1) {
            throw new IllegalArgumentException("checkstand.login-throttle.max-tracked must be at least 1");
        }
    }
}
