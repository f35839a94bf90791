package dev.checkstand.fulfillment;

import dev.checkstand.fulfillment.provider.FulfillmentProvider;
import dev.checkstand.fulfillment.provider.ProviderCallFailed;
import dev.checkstand.fulfillment.provider.ShippingRateRequest;
import dev.checkstand.shipping.ShippingRateSource;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The shipping module's live rates, from the fulfillment provider (Printful's {@code POST /shipping/rates}, within
 * {@code CHECKSTAND_SHIPPING_QUOTE_TIMEOUT}); Printful's refusal (a 4xx) is {@link Refused}, any other failure is
 * thrown as it is, for the rule's fallback to apply.
 */
@Component
class ProviderShippingRates implements ShippingRateSource {

    private final FulfillmentProvider provider;

    ProviderShippingRates(FulfillmentProvider provider) {
        this.provider = provider;
    }

    @Override
    public List<Rate> rates(Request request) {
        try {
            return quote(request);
        } catch (ProviderCallFailed e) {
            if (e.kind() == ProviderCallFailed.Kind.REFUSED) {
                throw new Refused(e.getMessage());
            }
            throw e;
        }
    }

    private List<Rate> quote(Request request) {
        return provider.shippingRates(new ShippingRateRequest(request.countryCode(), request.stateCode(),
                        request.city(), request.zip(),
                        request.items().stream().map(i -> new ShippingRateRequest.Item(i.variant(), i.quantity())).toList(),
                        request.currency()))
                .stream()
                .map(r -> new Rate(r.id(), r.name(), r.amount(), r.currency(), r.minDeliveryDays(), r.maxDeliveryDays()))
                .toList();
    }
}
