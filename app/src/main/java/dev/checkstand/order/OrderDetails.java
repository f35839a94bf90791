package dev.checkstand.order;

import java.util.List;

/** An order with its items and timeline, for the views. */
public record OrderDetails(Order order, List<Item> items, List<TimelineEntry> timeline) {

    /** One line as it was sold. */
    public record Item(java.util.UUID productId, String sku, String name, long unitAmount, int quantity, long lineTotal) {
    }
}
