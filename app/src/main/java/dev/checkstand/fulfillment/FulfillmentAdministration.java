package dev.checkstand.fulfillment;

import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.platform.ManualInterventions;
import org.springframework.stereotype.Service;

/** What an admin does to a fulfillment by hand. */
@Service
public class FulfillmentAdministration {

    private final FulfillmentProgress progress;
    private final FulfillmentWorker worker;
    private final FulfillmentQueries queries;
    private final OrderManagement orders;
    private final ManualInterventions interventions;

    FulfillmentAdministration(FulfillmentProgress progress, FulfillmentWorker worker, FulfillmentQueries queries,
            OrderManagement orders, ManualInterventions interventions) {
        this.progress = progress;
        this.worker = worker;
        this.queries = queries;
        this.orders = orders;
        this.interventions = interventions;
    }

    /**
     * Submits a blocked or failed fulfillment again and answers it as it then is ({@code pending}; the submission
     * follows at once). 404 for an unknown order; 409 {@code fulfillment_not_retryable} for any other fulfillment,
     * and for a blocked one whose products still lack a Printful variant (named in the answer).
     */
    public FulfillmentView retry(OrderId orderId) {
        orders.find(orderId).orElseThrow(() -> new NotFound("order_not_found", "No order " + orderId));
        FulfillmentProgress.Resubmission resubmission = progress.resubmit(orderId, Source.ADMIN);
        if (!resubmission.submitted()) {
            throw new FulfillmentProgress.NotRetryable("Products still have no printfulVariantId: "
                    + String.join(", ", resubmission.stillMissing()) + "; set it with PUT /api/admin/products/{id}");
        }
        interventions.record("retry");
        worker.runSoon(orderId);
        return queries.of(orderId).get(0);
    }
}
