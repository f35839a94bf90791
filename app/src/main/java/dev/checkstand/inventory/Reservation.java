package dev.checkstand.inventory;

import dev.checkstand.common.ProductId;
import java.util.List;

/** The outcome of reserving an order's lines: all of them were reserved, or none because some were short. */
public sealed interface Reservation permits Reservation.Reserved, Reservation.OutOfStock {

    /** Every line is reserved until the hold expires. */
    record Reserved() implements Reservation {
    }

    /** Nothing was reserved; these lines asked for more than is available. */
    record OutOfStock(List<ShortItem> items) implements Reservation {

        public OutOfStock {
            items = List.copyOf(items);
        }
    }

    /** One line that could not be reserved. */
    record ShortItem(ProductId productId, int requested, int available) {
    }

    /** One order line to reserve. */
    record Line(ProductId productId, int quantity) {
    }
}
