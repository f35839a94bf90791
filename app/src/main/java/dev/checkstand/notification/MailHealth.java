package dev.checkstand.notification;

import dev.checkstand.platform.HealthStatuses;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * The {@code mail} health component (shown to the ADMIN role), in place of Spring Boot's, which opens an SMTP
 * connection on every call: whether a mail server is configured (its host and port, never its credentials), the
 * emails waiting to be sent and those that failed for good, and how this instance's latest SMTP conversation ended.
 * {@code WARNING} while that conversation was a refusal — the service still serves, and emails are retried — and a
 * status the aggregate and readiness leave out.
 */
@Component("mailHealthIndicator")
class MailHealth implements HealthIndicator {

    static final Status WARNING = HealthStatuses.WARNING;

    private final ObjectProvider<JavaMailSender> mailSender;
    private final Notifications notifications;
    private final EmailDelivery delivery;

    MailHealth(ObjectProvider<JavaMailSender> mailSender, Notifications notifications, EmailDelivery delivery) {
        this.mailSender = mailSender;
        this.notifications = notifications;
        this.delivery = delivery;
    }

    @Override
    public Health health() {
        JavaMailSender sender = mailSender.getIfAvailable();
        Health.Builder health = Health.up();
        health.withDetail("smtp", where(sender));
        health.withDetail("pending", notifications.countWithStatus(Notification.Status.PENDING));
        health.withDetail("failed", notifications.countWithStatus(Notification.Status.FAILED));
        delivery.lastOutcome().ifPresent(outcome -> {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("at", outcome.at().toString());
            last.put("outcome", outcome.sent() ? "sent" : "refused");
            if (!outcome.sent()) {
                last.put("error", outcome.error());
                health.status(WARNING);
            }
            health.withDetail("lastSend", last);
        });
        return health.build();
    }

    private static String where(JavaMailSender sender) {
        if (sender == null) {
            return "not configured: emails are kept with status stored";
        }
        if (sender instanceof JavaMailSenderImpl smtp) {
            return smtp.getHost() + ":" + (smtp.getPort() > 0 ? smtp.getPort() : 25);
        }
        return "configured";
    }
}
