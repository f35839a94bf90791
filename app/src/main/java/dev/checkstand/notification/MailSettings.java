package dev.checkstand.notification;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sender of customer emails ({@code CHECKSTAND_MAIL_FROM}), how often and how far apart a refused email is tried
 * again ({@code CHECKSTAND_MAIL_MAX_ATTEMPTS}, {@code CHECKSTAND_MAIL_RETRY_BASE}, doubling up to
 * {@code CHECKSTAND_MAIL_RETRY_MAX}), how long a claimed email is left to its sender before another may send it
 * ({@code CHECKSTAND_MAIL_LEASE}: longer than SMTP's timeouts) and how often the job looks for due emails
 * ({@code CHECKSTAND_MAIL_POLL_INTERVAL}).
 */
@ConfigurationProperties("checkstand.mail")
record MailSettings(@DefaultValue("orders@checkstand.local") String from, @DefaultValue("8") int maxAttempts,
        @DefaultValue("30s") Duration retryBase, @DefaultValue("1h") Duration retryMax,
        @DefaultValue("2m") Duration lease, @DefaultValue("10s") Duration pollInterval) {

    MailSettings {
        try {
            new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("CHECKSTAND_MAIL_FROM: '" + from
                    + "' is not an email address, e.g. orders@shop.example");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("CHECKSTAND_MAIL_MAX_ATTEMPTS must be at least 1");
        }
        requirePositive(retryBase, "CHECKSTAND_MAIL_RETRY_BASE");
        requirePositive(retryMax, "CHECKSTAND_MAIL_RETRY_MAX");
        requirePositive(lease, "CHECKSTAND_MAIL_LEASE");
        requirePositive(pollInterval, "CHECKSTAND_MAIL_POLL_INTERVAL");
    }

    /** How long after the {@code attempts}-th refusal the email is tried again: doubling, capped. */
    Duration retryAfter(int attempts) {
        Duration delay = retryBase.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }

    private static void requirePositive(Duration value, String variable) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(variable + " must be positive");
        }
    }
}
