package dev.checkstand.notification;

import dev.checkstand.common.OrderId;
import java.time.Instant;
import java.util.UUID;

/** One customer email as the admin sees it: to whom, about what, and whether it went out. */
public record Notification(UUID id, OrderId orderId, Kind kind, String to, String subject, Status status,
        Instant sentAt, Instant createdAt) {

    /** The fact an email tells the customer of. */
    public enum Kind {
        ORDER_CONFIRMATION, REFUND_CONFIRMATION, SHIPPING_CONFIRMATION, ORDER_CANCELED;

        public String wire() {
            return name().toLowerCase();
        }

        static Kind fromWire(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    /**
     * Where an email stands: {@code STORED} kept without sending (no mail server configured), {@code PENDING} waiting
     * for its (next) SMTP attempt, {@code SENT} accepted by the SMTP server, {@code FAILED} refused too often.
     */
    public enum Status {
        STORED, PENDING, SENT, FAILED;

        public String wire() {
            return name().toLowerCase();
        }

        static Status fromWire(String value) {
            return valueOf(value.toUpperCase());
        }
    }
}
