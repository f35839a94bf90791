package dev.checkstand.fulfillment;

import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only questions about fulfillment, for the admin and customer views. */
@Service
@Transactional(readOnly = true)
public class FulfillmentQueries {

    private final Fulfillments fulfillments;
    private final Shipments shipments;
    private final OrderManagement orders;

    FulfillmentQueries(Fulfillments fulfillments, Shipments shipments, OrderManagement orders) {
        this.fulfillments = fulfillments;
        this.shipments = shipments;
        this.orders = orders;
    }

    /** The order's fulfillments (one per provider order: at most one today) with their packages. */
    public List<FulfillmentView> of(OrderId orderId) {
        return fulfillments.find(orderId).map(f -> List.of(new FulfillmentView(f.provider(), f.externalId(),
                f.providerOrderId(), f.status().wire(), f.providerStatus(), f.attempts(), f.lastError(),
                f.blockedProducts().isEmpty() ? List.of()
                        : FulfillmentRequests.skus(orders.details(orderId), f.blockedProducts()),
                shipments.of(orderId)))).orElse(List.of());
    }
}
