package dev.checkstand.fulfillment;

import dev.checkstand.common.LogContext;
import dev.checkstand.fulfillment.provider.FulfillmentProvider;
import dev.checkstand.inbox.InboxEvent;
import dev.checkstand.inbox.InboxHandler;
import dev.checkstand.order.Source;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Printful's webhooks, taken from the inbox. Each is only a hint: the order is read from Printful and what it says
 * now is applied (forward only, every package once). A hint that could tell nothing new — the status we already
 * have from a newer or equal read, no package we do not know — is not followed by a read, which spares Printful's
 * call budget. An order that is not ours is ignored.
 */
@Component
class PrintfulEvents implements InboxHandler {

    private static final List<String> TYPES = List.of("package_shipped", "package_returned", "order_created",
            "order_updated", "order_failed", "order_canceled", "order_put_hold", "order_put_hold_approval",
            "order_remove_hold");

    private final Fulfillments fulfillments;
    private final Shipments shipments;
    private final FulfillmentProgress progress;
    private final FulfillmentProvider provider;
    private final JsonMapper json;

    PrintfulEvents(Fulfillments fulfillments, Shipments shipments, FulfillmentProgress progress,
            FulfillmentProvider provider, JsonMapper json) {
        this.fulfillments = fulfillments;
        this.shipments = shipments;
        this.progress = progress;
        this.provider = provider;
        this.json = json;
    }

    @Override
    public String source() {
        return "printful";
    }

    @Override
    public List<String> types() {
        return TYPES;
    }

    @Override
    public void handle(InboxEvent event) {
        if (event.objectId() == null) {
            return;
        }
        Optional<Fulfillment> known = fulfillments.byExternalId(event.objectId());
        if (known.isEmpty() || known.get().status() == FulfillmentStatus.PENDING && !known.get().anyCallBegun()) {
            return;
        }
        Fulfillment f = known.get();
        if (answersOurOwnCreate(f, event) || tellsNothingNew(f, event)) {
            return;
        }
        try (LogContext.Scope scope = LogContext.order(f.orderId(), f.externalId())) {
            provider.find(f.externalId()).ifPresent(order -> progress.apply(f.orderId(), order, Source.WEBHOOK, null));
        }
    }

    /**
     * {@code order_created} while the fulfillment is still pending is Printful's notice of our own create call, sent
     * as it answers that call: the worker applies the answer, and when the answer was lost its next attempt reads the
     * order before anything else. A read here would only race the worker for the same answer, at a call of Printful's
     * budget each time it wins.
     */
    private static boolean answersOurOwnCreate(Fulfillment f, InboxEvent event) {
        return f.status() == FulfillmentStatus.PENDING && "order_created".equals(event.type());
    }

    private boolean tellsNothingNew(Fulfillment f, InboxEvent event) {
        JsonNode data;
        try {
            data = json.readTree(event.payload()).path("data");
        } catch (JacksonException e) {
            return false;
        }
        String status = data.path("order").path("status").asString("");
        JsonNode updated = data.path("order").path("updated");
        boolean statusKnown = status.equals(f.providerStatus()) && updated.canConvertToLong()
                && f.providerUpdatedAt() != null && updated.asLong() <= f.providerUpdatedAt().getEpochSecond();
        JsonNode shipment = data.path("shipment").path("id");
        boolean shipmentKnown = shipment.isMissingNode() || shipment.isNull()
                || shipments.providerIds(f.orderId()).contains(shipment.asString(""));
        return statusKnown && shipmentKnown;
    }
}
