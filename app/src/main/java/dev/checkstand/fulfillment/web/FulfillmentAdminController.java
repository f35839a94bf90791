package dev.checkstand.fulfillment.web;

import dev.checkstand.common.OrderId;
import dev.checkstand.fulfillment.FulfillmentAdministration;
import dev.checkstand.fulfillment.FulfillmentView;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The admin's fulfillment actions. */
@RestController
class FulfillmentAdminController {

    private final FulfillmentAdministration administration;

    FulfillmentAdminController(FulfillmentAdministration administration) {
        this.administration = administration;
    }

    /** Submits a blocked or failed fulfillment again; answers the fulfillment as it now is. */
    @PostMapping("/api/admin/orders/{orderId}/fulfillment/retry")
    FulfillmentView retry(@PathVariable UUID orderId) {
        return administration.retry(OrderId.of(orderId));
    }
}
