package dev.checkstand.notification;

import dev.checkstand.common.EmailMask;
import dev.checkstand.common.LogContext;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends written emails over SMTP (Spring Boot's {@link JavaMailSender}, present when {@code SPRING_MAIL_HOST} is
 * set). Each email is first claimed under a lease ({@code FOR UPDATE SKIP LOCKED}, attempt counted), so two callers —
 * the send right after commit, the job, another instance — never hold it at once; it is marked sent right after the
 * SMTP server accepted it. A refusal is tried again after a doubling delay, up to the attempt limit, then the email
 * is {@code failed} with its last error. One window stays: an instance that dies between the server's acceptance
 * and the row's update leaves the email pending, and once the lease has run out it is sent a second time. No
 * transaction spans the SMTP conversation.
 */
@Component
class EmailDelivery {

    private static final Logger log = LoggerFactory.getLogger(EmailDelivery.class);
    private static final int BATCH = 20;
    private static final int MAX_ERROR_LENGTH = 500;

    private final Notifications notifications;
    private final ObjectProvider<JavaMailSender> mailSender;
    // The sender as first looked up: a bean present at start-up stays, so each email need not ask the context again.
    private volatile Optional<JavaMailSender> sender;
    private final MailSettings settings;
    private final Clock clock;
    private final AtomicReference<SendOutcome> lastOutcome = new AtomicReference<>();

    EmailDelivery(Notifications notifications, ObjectProvider<JavaMailSender> mailSender, MailSettings settings,
            Clock clock) {
        this.notifications = notifications;
        this.mailSender = mailSender;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether emails can be sent at all: a mail server is configured. Without one they are kept as stored. */
    boolean canSend() {
        return sender().isPresent();
    }

    private Optional<JavaMailSender> sender() {
        Optional<JavaMailSender> found = sender;
        if (found == null) {
            found = Optional.ofNullable(mailSender.getIfAvailable());
            sender = found;
        }
        return found;
    }

    /** Sends one email now if it is pending, due and not claimed by anyone else. */
    void sendNow(UUID id) {
        Instant now = clock.instant();
        notifications.claim(id, now, now.plus(settings.lease())).ifPresent(this::send);
    }

    /** Sends every pending email that is due, a batch at a time; what another instance holds is left to it. */
    void sendDue() {
        if (!canSend()) {
            return;
        }
        while (true) {
            Instant now = clock.instant();
            var claimed = notifications.claimDue(now, now.plus(settings.lease()), BATCH);
            claimed.forEach(this::send);
            if (claimed.size() < BATCH) {
                return;
            }
        }
    }

    /** The outcome of this instance's latest SMTP conversation, if it had one since it started. */
    Optional<SendOutcome> lastOutcome() {
        return Optional.ofNullable(lastOutcome.get());
    }

    private void send(Email email) {
        try (LogContext.Scope scope = LogContext.order(email.orderId())) {
            deliver(email);
        }
    }

    private void deliver(Email email) {
        JavaMailSender sender = sender().orElse(null);
        if (sender == null) {
            return;
        }
        try {
            sender.send(message(sender, email));
        } catch (MailException | MessagingException e) {
            lastOutcome.set(new SendOutcome(clock.instant(), false,
                    e.getClass().getSimpleName() + ": " + EmailMask.in(e.getMessage())));
            refused(email, e);
            return;
        }
        lastOutcome.set(new SendOutcome(clock.instant(), true, null));
        notifications.markSent(email.id(), clock.instant());
        log.info("Sent {} {} for order {} to {}", email.kind().wire(), email.id(), email.orderId().value(),
                EmailMask.of(email.to()));
    }

    private MimeMessage message(JavaMailSender sender, Email email) throws MessagingException {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
        helper.setFrom(settings.from());
        helper.setTo(email.to());
        helper.setSubject(email.subject());
        helper.setText(email.textBody(), email.htmlBody());
        // Lets a receiving system recognise the one resend the window above allows.
        message.setHeader("X-Checkstand-Notification", email.id().toString());
        return message;
    }

    /** An SMTP conversation's end: when, whether the server took the email, and if not why (addresses masked). */
    record SendOutcome(Instant at, boolean sent, String error) {
    }

    private void refused(Email email, Exception e) {
        int attempts = notifications.attempts(email.id());
        Optional<Instant> next = attempts >= settings.maxAttempts()
                ? Optional.empty()
                : Optional.of(clock.instant().plus(settings.retryAfter(attempts)));
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        notifications.markRefused(email.id(), error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error,
                next);
        // A mail server's refusal quotes the recipient as often as not.
        if (next.isPresent()) {
            log.warn("SMTP refused {} {} (attempt {}), trying again at {}: {}", email.kind().wire(), email.id(),
                    attempts, next.get(), EmailMask.in(e.getMessage()));
        } else {
            log.error("SMTP refused {} {} {} times; it is failed: {}", email.kind().wire(), email.id(), attempts,
                    EmailMask.in(e.getMessage()));
        }
    }
}
