package dev.checkstand.common;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * An expected failure that reaches a client: an HTTP status, a stable machine code and extra fields, rendered as
 * an RFC 9457 problem by the web edge. Subclasses are named as facts ({@code OutOfStock}), without a suffix.
 */
public abstract class Problem extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;

    protected Problem(int status, String code, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** Fields added to the problem body beside {@code code}, e.g. the short items of an out-of-stock answer. */
    public Map<String, Object> properties() {
        return Map.of();
    }

    /** When the client may try again, sent as {@code Retry-After}: for answers that say "not now" (429, 503). */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }
}
