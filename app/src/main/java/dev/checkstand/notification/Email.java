package dev.checkstand.notification;

import dev.checkstand.common.OrderId;
import java.util.UUID;

/** A rendered email for one fact, as written before it is sent. */
record Email(UUID id, OrderId orderId, Notification.Kind kind, String factKey, String to, String subject,
        String textBody, String htmlBody) {
}
