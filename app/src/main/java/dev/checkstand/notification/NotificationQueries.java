package dev.checkstand.notification;

import dev.checkstand.common.OrderId;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only questions about customer emails, for the admin views. */
@Service
@Transactional(readOnly = true)
public class NotificationQueries {

    private final Notifications notifications;

    NotificationQueries(Notifications notifications) {
        this.notifications = notifications;
    }

    /** Every email of the order, oldest first. */
    public List<Notification> of(OrderId orderId) {
        return notifications.of(orderId);
    }

    /** A page of emails, newest first: of one order, or of all when {@code orderId} is null. */
    public List<Notification> page(OrderId orderId, int page, int size) {
        return notifications.page(orderId, page, size);
    }

    /** How many emails {@link #page} pages through. */
    public long count(OrderId orderId) {
        return notifications.count(orderId);
    }
}
