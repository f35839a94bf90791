package dev.checkstand.platform;

import java.util.Locale;

/** What became of one call to a provider, as counted in {@code checkstand_<provider>_requests_total{outcome}}. */
public enum CallOutcome {

    /** The provider answered 2xx. */
    SUCCEEDED,
    /**
     * A definite refusal, 4xx other than 429: a card decline, a validation error, an idempotency conflict. The provider
     * works; repeating the same call will not change its mind.
     */
    REJECTED,
    /** No usable answer: the connection was refused or dropped, the read timed out, or the provider answered 5xx. */
    FAILED,
    /** 429: the provider asked us to slow down. */
    RATE_LIMITED,
    /** Not sent: the provider's circuit breaker is open. */
    SHORT_CIRCUITED;

    /** The outcome of a call the provider answered with HTTP {@code status}. */
    public static CallOutcome ofStatus(int status) {
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status >= 500 || status < 200) {
            return FAILED;
        }
        return status >= 400 ? REJECTED : SUCCEEDED;
    }

    /** The value of the {@code outcome} tag: {@code succeeded}, {@code short_circuited}, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
