package dev.checkstand.fulfillment.provider;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The print-on-demand provider as the fulfillment module needs it: orders looked up, created (or updated) and
 * confirmed, canceled — all by the external id, the only key the provider gives us — and shipping priced before an
 * order exists. Every call fails with {@link ProviderCallFailed}, which says whether trying again can help.
 */
public interface FulfillmentProvider {

    /** The provider's name, as shown in {@code fulfillments[].provider}. */
    String name();

    /** The order with this external id, or empty when the provider has none. */
    Optional<ProviderOrder> find(String externalId);

    /**
     * Creates the order, or updates the unsubmitted one with the same external id; {@code confirm} submits it for
     * fulfillment at once instead of leaving a draft.
     */
    ProviderOrder createOrUpdate(ProviderOrderRequest request, boolean confirm);

    /** Submits a draft for fulfillment. */
    ProviderOrder confirm(String externalId);

    /** Cancels an order the provider has not started; refused ({@link ProviderCallFailed.Kind#REFUSED}) otherwise. */
    ProviderOrder cancel(String externalId);

    /**
     * The provider's shipping rates for the items to the destination, in the request's currency (amounts in its minor
     * units), in the order the provider lists them. Made to answer a waiting customer: it gives up after its
     * own short timeout, and fails rather than wait for the call budget.
     */
    List<ShippingRate> shippingRates(ShippingRateRequest request);

    /** Points the provider's webhooks of {@code types} at {@code url}. */
    void registerWebhook(String url, List<String> types);

    /**
     * While the provider keeps failing and its circuit breaker is open: how long until a call is tried again (at least
     * a second). Calls made meanwhile are not sent and fail at once ({@link ProviderCallFailed.Kind#UNAVAILABLE}).
     * Empty while calls are sent.
     */
    Optional<Duration> failingFastFor();
}
