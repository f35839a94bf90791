package dev.checkstand.notification.web;

import dev.checkstand.common.InvalidRequest;
import dev.checkstand.common.OrderId;
import dev.checkstand.notification.Notification;
import dev.checkstand.notification.NotificationQueries;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The admin's list of customer emails: sent, kept without a mail server, pending or failed; newest first. */
@RestController
class NotificationAdminController {

    private final NotificationQueries notifications;

    NotificationAdminController(NotificationQueries notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/api/admin/notifications")
    NotificationPage notifications(@RequestParam(required = false) UUID orderId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 200) {
            throw InvalidRequest.of("size", "page must be >= 0 and size 1-200");
        }
        OrderId id = orderId == null ? null : OrderId.of(orderId);
        List<Row> items = notifications.page(id, page, size).stream().map(Row::of).toList();
        return new NotificationPage(items, page, size, notifications.count(id));
    }

    record NotificationPage(List<Row> items, int page, int size, long total) {
    }

    record Row(UUID id, UUID orderId, String kind, String to, String subject, String status, Instant sentAt) {

        static Row of(Notification n) {
            return new Row(n.id(), n.orderId().value(), n.kind().wire(), n.to(), n.subject(), n.status().wire(),
                    n.sentAt());
        }
    }
}
