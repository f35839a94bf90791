package dev.checkstand.fulfillment.web;

import dev.checkstand.common.OrderId;
import dev.checkstand.fulfillment.FulfillmentAdministration;
import dev.checkstand.fulfillment.FulfillmentView;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
    @ApiResponse(responseCode = "200", description = "The fulfillment, pending again; the submission follows at once",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "order_not_found")
    @ApiResponse(responseCode = "409", description = "fulfillment_not_retryable: neither blocked nor failed, or its "
            + "products still lack a Printful variant (named)")
    @PostMapping("/api/admin/orders/{orderId}/fulfillment/retry")
    FulfillmentView retry(@PathVariable UUID orderId) {
        return administration.retry(OrderId.of(orderId));
    }
}
