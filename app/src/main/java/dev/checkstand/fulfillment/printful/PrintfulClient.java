package dev.checkstand.fulfillment.printful;

import dev.checkstand.fulfillment.provider.FulfillmentProvider;
import dev.checkstand.fulfillment.provider.ProviderCallFailed;
import dev.checkstand.fulfillment.provider.ProviderCallFailed.Kind;
import dev.checkstand.fulfillment.provider.ProviderOrder;
import dev.checkstand.fulfillment.provider.ProviderOrderRequest;
import dev.checkstand.platform.CallOutcome;
import dev.checkstand.platform.ProviderBreaker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Printful's v1 Orders API over Spring's {@link RestClient} (Printful has no Java SDK): Bearer token and
 * {@code X-PF-Store-Id}, the {@code {code, result, error}} envelope read, orders addressed by {@code @external_id}.
 * Every call goes through Printful's circuit breaker, then one {@link CallBudget}; a 429 pauses them all for its
 * {@code Retry-After}. The breaker counts connection failures, time-outs and 5xx against Printful; a 4xx is Printful
 * answering; a 429 is neither, since the budget already holds every call back for as long as Printful asked. While
 * the breaker is open a call is not sent and fails at once as {@link Kind#UNAVAILABLE}. Bodies are never logged
 * (they carry customers' addresses).
 */
final class PrintfulClient implements FulfillmentProvider {

    private static final Duration MAX_BUDGET_WAIT = Duration.ofSeconds(60);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);
    private static final int MAX_MESSAGE = 300;

    /** The calls this client makes, whose counters exist from start-up. */
    static final List<String> OPERATIONS = List.of("find_order", "create_order", "confirm_order", "cancel_order",
            "register_webhook");

    private final RestClient http;
    private final JsonMapper json;
    private final CallBudget budget;
    private final ProviderBreaker breaker;
    private final Clock clock;

    PrintfulClient(RestClient http, JsonMapper json, CallBudget budget, ProviderBreaker breaker, Clock clock) {
        this.http = http;
        this.json = json;
        this.budget = budget;
        this.breaker = breaker;
        this.clock = clock;
    }

    @Override
    public Optional<Duration> failingFastFor() {
        return breaker.failingFastFor();
    }

    /** Printful's breaker, for the health. */
    ProviderBreaker breaker() {
        return breaker;
    }

    /** The call budget, for the health. */
    CallBudget budget() {
        return budget;
    }

    @Override
    public String name() {
        return "printful";
    }

    @Override
    public Optional<ProviderOrder> find(String externalId) {
        Answer answer = call("find_order", HttpMethod.GET, "/orders/" + ref(externalId), null);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(order(answer.orThrow()));
    }

    @Override
    public ProviderOrder createOrUpdate(ProviderOrderRequest request, boolean confirm) {
        return order(call("create_order", HttpMethod.POST, "/orders?confirm=" + confirm + "&update_existing=true",
                body(request))
                .orThrow());
    }

    @Override
    public ProviderOrder confirm(String externalId) {
        return order(call("confirm_order", HttpMethod.POST, "/orders/" + ref(externalId) + "/confirm", null).orThrow());
    }

    @Override
    public ProviderOrder cancel(String externalId) {
        return order(call("cancel_order", HttpMethod.DELETE, "/orders/" + ref(externalId), null).orThrow());
    }

    @Override
    public void registerWebhook(String url, List<String> types) {
        call("register_webhook", HttpMethod.POST, "/webhooks", Map.of("url", url, "types", types)).orThrow();
    }

    private static String ref(String externalId) {
        return "@" + URLEncoder.encode(externalId, StandardCharsets.UTF_8);
    }

    private Answer call(String operation, HttpMethod method, String path, Object body) {
        String payload = body == null ? null : json.writeValueAsString(body);
        ProviderBreaker.Call call = breaker.begin(operation).orElseThrow(() -> new ProviderCallFailed(Kind.UNAVAILABLE,
                0, method + " " + pathOnly(path) + " not sent: Printful keeps failing and its circuit breaker is open",
                breaker.failingFastFor().orElse(null), null));
        try {
            if (!budget.acquire(MAX_BUDGET_WAIT)) {
                call.notMade();
                throw new ProviderCallFailed(Kind.RATE_LIMITED, 0, "Printful's call budget is spent for now",
                        budget.pause().isZero() ? MAX_BUDGET_WAIT : budget.pause(), null);
            }
        } catch (InterruptedException e) {
            call.notMade();
            Thread.currentThread().interrupt();
            throw new ProviderCallFailed(Kind.UNAVAILABLE, 0, "Interrupted waiting for Printful's call budget", null, e);
        }
        Answer answer;
        try {
            RestClient.RequestBodySpec request = http.method(method).uri(path);
            if (payload != null) {
                request.contentType(MediaType.APPLICATION_JSON).body(payload);
            }
            answer = request.exchange((req, res) -> new Answer(res.getStatusCode().value(),
                    new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8),
                    res.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)), true);
        } catch (ResourceAccessException e) {
            call.end(CallOutcome.FAILED);
            throw new ProviderCallFailed(Kind.UNAVAILABLE, 0, method + " " + pathOnly(path) + ": no answer ("
                    + e.getMostSpecificCause().getClass().getSimpleName() + ")", null, e);
        } catch (RuntimeException | Error e) {
            call.end(CallOutcome.FAILED);
            throw e;
        }
        call.end(CallOutcome.ofStatus(answer.status()));
        return answer;
    }

    private static String pathOnly(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
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
            // A product's printfulVariantId is the store's sync variant id (digits) or that variant's external id; a
            // number too long to be an id is sent as an external id, for Printful to refuse by name.
            if (item.variant().length() <= 18 && item.variant().chars().allMatch(Character::isDigit)) {
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
        body.put("shipping", "STANDARD");
        body.put("recipient", recipient);
        body.put("items", items);
        body.put("retail_costs", retail);
        return body;
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
            items.add(new ProviderOrder.Item(item.path("id").asLong(), sku != null ? sku : text(item.get("external_id")),
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

    /** One answer: its status, body and {@code Retry-After}. */
    private final class Answer {

        private final int status;
        private final String body;
        private final String retryAfter;

        Answer(int status, String body, String retryAfter) {
            this.status = status;
            this.body = body;
            this.retryAfter = retryAfter;
        }

        int status() {
            return status;
        }

        /** The envelope's {@code result}, or the failure this answer is. */
        JsonNode orThrow() {
            if (status == 429) {
                Duration wait = retryAfter();
                budget.pauseUntil(clock.instant().plus(wait));
                throw new ProviderCallFailed(Kind.RATE_LIMITED, status, "Printful rate limit: " + message(), wait, null);
            }
            if (status >= 500) {
                throw new ProviderCallFailed(Kind.UNAVAILABLE, status, "Printful " + status + ": " + message(), null,
                        null);
            }
            if (status == 401 || status == 403) {
                throw new ProviderCallFailed(Kind.UNAUTHORIZED, status, "Printful refused our token (" + status
                        + "): " + message(), null, null);
            }
            if (status >= 400) {
                String message = message();
                Kind kind = message.toLowerCase(java.util.Locale.ROOT).contains("calculat") ? Kind.NOT_READY
                        : Kind.REFUSED;
                throw new ProviderCallFailed(kind, status, "Printful " + status + ": " + message, null, null);
            }
            JsonNode result;
            try {
                result = json.readTree(body).get("result");
            } catch (JacksonException e) {
                result = null;
            }
            if (result == null || !result.isObject()) {
                throw new ProviderCallFailed(Kind.UNAVAILABLE, status, "Printful " + status
                        + " without a result object", null, null);
            }
            return result;
        }

        private Duration retryAfter() {
            try {
                long seconds = Long.parseLong(retryAfter == null ? "" : retryAfter.trim());
                return seconds > 0 && seconds <= 3600 ? Duration.ofSeconds(seconds) : DEFAULT_RETRY_AFTER;
            } catch (NumberFormatException e) {
                return DEFAULT_RETRY_AFTER;
            }
        }

        // Printful's error message ({@code error.message}, else a string result), cut short; never the whole body.
        private String message() {
            String message;
            try {
                JsonNode envelope = json.readTree(body);
                JsonNode error = envelope.path("error").get("message");
                message = error != null && error.isString() ? error.asString()
                        : envelope.path("result").isString() ? envelope.path("result").asString() : "no message";
            } catch (JacksonException e) {
                message = "an answer that is not JSON";
            }
            return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
        }
    }

}
