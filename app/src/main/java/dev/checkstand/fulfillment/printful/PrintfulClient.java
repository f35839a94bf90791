package dev.checkstand.fulfillment.printful;

import dev.checkstand.fulfillment.provider.FulfillmentProvider;
import dev.checkstand.fulfillment.provider.ProviderCallFailed;
import dev.checkstand.fulfillment.provider.ProviderCallFailed.Kind;
import dev.checkstand.fulfillment.provider.ProviderOrder;
import dev.checkstand.fulfillment.provider.ProviderOrderRequest;
import dev.checkstand.fulfillment.provider.ShippingRate;
import dev.checkstand.fulfillment.provider.ShippingRateRequest;
import dev.checkstand.platform.ProviderBreaker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Printful's v1 Orders and shipping-rates API over Spring's {@link RestClient} (Printful has no Java SDK): Bearer token
 * and {@code X-PF-Store-Id}, orders addressed by {@code @external_id}. Every call is made by {@link PrintfulCalls}: through
 * Printful's circuit breaker, then one {@link CallBudget}; a 429 pauses them all for its {@code Retry-After}; while the
 * breaker is open a call is not sent and fails at once as {@link Kind#UNAVAILABLE}.
 */
final class PrintfulClient implements FulfillmentProvider {

    /** The calls this client makes, whose counters exist from start-up. */
    static final List<String> OPERATIONS = List.of("find_order", "create_order", "confirm_order", "cancel_order",
            "register_webhook");

    /** The calls made for shipping quotes, under their own breaker (a slow rates endpoint must not stop fulfillment). */
    static final List<String> RATE_OPERATIONS = List.of("find_variant", "shipping_rates");

    private static final String STANDARD_SHIPPING = "STANDARD";

    private final PrintfulCalls calls;
    private final PrintfulCalls quotes;
    private final Map<String, Long> catalogVariants = new java.util.concurrent.ConcurrentHashMap<>();

    /** Orders and webhooks through {@code calls}; shipping rates through {@code quotes}, with their short timeout. */
    PrintfulClient(PrintfulCalls calls, PrintfulCalls quotes) {
        this.calls = calls;
        this.quotes = quotes;
    }

    @Override
    public Optional<Duration> failingFastFor() {
        return calls.breaker().failingFastFor();
    }

    /** Printful's breaker, for the health. */
    ProviderBreaker breaker() {
        return calls.breaker();
    }

    /** The call budget, for the health. */
    CallBudget budget() {
        return calls.budget();
    }

    @Override
    public String name() {
        return "printful";
    }

    @Override
    public Optional<ProviderOrder> find(String externalId) {
        PrintfulCalls.Answer answer = calls.call("find_order", HttpMethod.GET, "/orders/" + ref(externalId), null);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(order(answer.orThrow()));
    }

    @Override
    public ProviderOrder createOrUpdate(ProviderOrderRequest request, boolean confirm) {
        return order(calls.call("create_order", HttpMethod.POST, "/orders?confirm=" + confirm + "&update_existing=true",
                body(request))
                .orThrow());
    }

    @Override
    public ProviderOrder confirm(String externalId) {
        return order(calls.call("confirm_order", HttpMethod.POST, "/orders/" + ref(externalId) + "/confirm", null).orThrow());
    }

    @Override
    public ProviderOrder cancel(String externalId) {
        return order(calls.call("cancel_order", HttpMethod.DELETE, "/orders/" + ref(externalId), null).orThrow());
    }

    /**
     * Printful's rates take catalog variants ({@code variant_id}) or the store's external variant ids, not the store's
     * sync variant ids that products name: each sync variant's catalog variant is read once
     * ({@code GET /store/variants/{id}}) and kept — the mapping of a sync variant never changes.
     */
    @Override
    public List<ShippingRate> shippingRates(ShippingRateRequest request) {
        List<ShippingRateRequest.Item> items = request.items().stream()
                .map(item -> isNumericId(item.variant())
                        ? new ShippingRateRequest.Item(Long.toString(catalogVariant(item.variant())), item.quantity())
                        : item)
                .toList();
        ShippingRateRequest byCatalogVariant = new ShippingRateRequest(request.countryCode(), request.stateCode(),
                request.city(), request.zip(), items, request.currency());
        return PrintfulRates.read(quotes.call("shipping_rates", HttpMethod.POST, "/shipping/rates",
                PrintfulRates.body(byCatalogVariant)).listOrThrow(), request.currency());
    }

    private long catalogVariant(String syncVariant) {
        Long known = catalogVariants.get(syncVariant);
        if (known != null) {
            return known;
        }
        // The sync variant's own fields, or (as the simulator and some of Printful's endpoints answer) the variant
        // wrapped as sync_variant beside its sync_product: which one Printful's v1 endpoint gives is not verified.
        JsonNode result = quotes.call("find_variant", HttpMethod.GET, "/store/variants/" + syncVariant, null).orThrow();
        JsonNode variantId = result.has("variant_id") ? result.path("variant_id")
                : result.path("sync_variant").path("variant_id");
        if (!variantId.isIntegralNumber()) {
            throw new ProviderCallFailed(Kind.UNAVAILABLE, 200,
                    "Printful answered sync variant " + syncVariant + " without its catalog variant_id", null, null);
        }
        catalogVariants.put(syncVariant, variantId.asLong());
        return variantId.asLong();
    }

    @Override
    public void registerWebhook(String url, List<String> types) {
        calls.call("register_webhook", HttpMethod.POST, "/webhooks", Map.of("url", url, "types", types)).orThrow();
    }

    private static String ref(String externalId) {
        return "@" + URLEncoder.encode(externalId, StandardCharsets.UTF_8);
    }

    private Map<String, Object> body(ProviderOrderRequest request) {
        Map<String, Object> recipient = new LinkedHashMap<>();
        var to = request.recipient();
        recipient.put("name", to.name());
        recipient.put("address1", to.address1());
        recipient.put("address2", to.address2());
        recipient.put("city", to.city());
        recipient.put("state_code", to.stateCode());
        recipient.put("country_code", to.countryCode());
        recipient.put("zip", to.zip());
        recipient.put("email", to.email());
        List<Map<String, Object>> items = new ArrayList<>();
        for (ProviderOrderRequest.Item item : request.items()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("external_id", item.externalId());
            // A product's printfulVariantId is the store's sync variant id (digits) or that variant's external id.
            if (isNumericId(item.variant())) {
                line.put("sync_variant_id", Long.parseLong(item.variant()));
            } else {
                line.put("external_variant_id", item.variant());
            }
            line.put("quantity", item.quantity());
            line.put("retail_price", item.retailPrice());
            line.put("name", item.name());
            line.put("sku", item.sku());
            items.add(line);
        }
        var costs = request.retailCosts();
        Map<String, Object> retail = new LinkedHashMap<>();
        retail.put("currency", costs.currency());
        retail.put("subtotal", costs.subtotal());
        retail.put("shipping", costs.shipping());
        retail.put("total", costs.total());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("external_id", request.externalId());
        body.put("shipping", request.shippingMethod() == null ? STANDARD_SHIPPING : request.shippingMethod());
        body.put("recipient", recipient);
        body.put("items", items);
        body.put("retail_costs", retail);
        return body;
    }

    /** Whether a variant is sent as a numeric id: digits, few enough for one (a longer number goes as an external id, for Printful to refuse by name). */
    static boolean isNumericId(String variant) {
        return variant.length() <= 18 && !variant.isEmpty() && variant.chars().allMatch(Character::isDigit);
    }

    // An order Printful answered; an answer whose fields have other types than Printful's is no answer we can use.
    private static ProviderOrder order(JsonNode result) {
        try {
            return readOrder(result);
        } catch (ProviderCallFailed e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProviderCallFailed(Kind.UNAVAILABLE, 200, "Printful answered an order we cannot read ("
                    + e.getClass().getSimpleName() + ")", null, e);
        }
    }

    private static ProviderOrder readOrder(JsonNode result) {
        List<ProviderOrder.Item> items = new ArrayList<>();
        for (JsonNode item : result.path("items")) {
            String sku = text(item.get("sku"));
            String externalId = text(item.get("external_id"));
            items.add(new ProviderOrder.Item(item.path("id").asLong(), sku != null ? sku : externalId, externalId,
                    item.path("quantity").asInt()));
        }
        List<ProviderOrder.Shipment> shipments = new ArrayList<>();
        for (JsonNode shipment : result.path("shipments")) {
            List<ProviderOrder.ShippedItem> shipped = new ArrayList<>();
            for (JsonNode item : shipment.path("items")) {
                shipped.add(new ProviderOrder.ShippedItem(item.path("item_id").asLong(), item.path("quantity").asInt()));
            }
            long at = shipment.path("shipped_at").asLong(shipment.path("created").asLong(0));
            shipments.add(new ProviderOrder.Shipment(shipment.path("id").asString(""), text(shipment.get("carrier")),
                    text(shipment.get("service")), text(shipment.get("tracking_number")),
                    text(shipment.get("tracking_url")), Instant.ofEpochSecond(at),
                    shipment.path("reshipment").asBoolean(false), shipped));
        }
        String status = text(result.get("status"));
        if (!result.path("id").canConvertToLong() || status == null) {
            throw new ProviderCallFailed(Kind.UNAVAILABLE, 200, "Printful answered an order without id or status",
                    null, null);
        }
        Instant updated = result.path("updated").canConvertToLong() ? Instant.ofEpochSecond(result.path("updated").asLong())
                : null;
        return new ProviderOrder(result.path("id").asLong(), text(result.get("external_id")), status, updated, items,
                shipments);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }
}
