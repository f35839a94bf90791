package dev.checkstand.support;

import dev.checkstand.common.Money;
import dev.checkstand.common.ProductId;
import dev.checkstand.inventory.Inventory;
import dev.checkstand.inventory.Reservation;
import dev.checkstand.order.NewOrder;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.ShippingAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pending orders placed through the order module's API with their stock reserved through the inventory's, in one
 * transaction, as checkout places them — for module tests that bootstrap no checkout.
 */
public final class PendingOrders {

    /** What {@link Catalogs#mug} costs. */
    public static final Money MUG_PRICE = Money.of(1000, "gbp");
    public static final Money SHIPPING = Money.of(499, "gbp");

    private final TransactionTemplate transactions;
    private final OrderManagement orders;
    private final Inventory inventory;

    public PendingOrders(TransactionTemplate transactions, OrderManagement orders, Inventory inventory) {
        this.transactions = transactions;
        this.orders = orders;
        this.inventory = inventory;
    }

    /** {@code quantity} of a {@link Catalogs#mug} plus shipping, under a new checkout id, shipped to London. */
    public Order mugs(UUID mug, int quantity) {
        NewOrder.Item item = new NewOrder.Item(ProductId.of(mug), "TEST-" + mug, "Test product", MUG_PRICE, quantity);
        NewOrder request = new NewOrder(Checkouts.newCheckoutId(), "fingerprint", "alice@example.com",
                new ShippingAddress("Alice Example", "1 High Street", null, "London", null, "N1 9GU", "GB"),
                List.of(item), SHIPPING, Instant.now().plus(Duration.ofMinutes(30)));
        return transactions.execute(tx -> {
            Order order = orders.place(request).order();
            Reservation reservation = inventory.reserve(order.id(),
                    List.of(new Reservation.Line(ProductId.of(mug), quantity)), order.reservationExpiresAt());
            if (!(reservation instanceof Reservation.Reserved)) {
                throw new IllegalStateException("test product out of stock: " + reservation);
            }
            return order;
        });
    }
}
