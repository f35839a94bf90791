package dev.checkstand.simulator.printful;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.ControlApi;
import dev.checkstand.simulator.ControlBody;
import dev.checkstand.simulator.ControlRouteList;
import dev.checkstand.simulator.FaultFields;
import dev.checkstand.simulator.api.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The Printful simulator's control API under {@code /_sim/}: each route a thin JSON wrapper around a {@link PrintfulSimulator} method. */
final class PrintfulControlRoutes {

  private static final FaultFields<PrintfulFaults> FAULT_FIELDS = new FaultFields<PrintfulFaults>()
      .webhookFaults()
      .apiErrorRate()
      .add("apiErrorStatus",
          (faults, body) -> faults.apiErrorStatus(Math.toIntExact(body.integer("apiErrorStatus"))))
      .answerLostRate()
      .latency()
      .add("rateLimit", (faults, body) -> faults.rateLimit(rateLimit(body.text("rateLimit"))))
      .add("costsCalculating",
          (faults, body) -> faults.costsCalculating(Math.toIntExact(body.integer("costsCalculating"))))
      .add("costsCalculatingSeconds", (faults, body) ->
          faults.costsCalculatingFor(Duration.ofSeconds(body.integer("costsCalculatingSeconds"))));

  private final PrintfulSimulator simulator;
  private final ControlRouteList routes = new ControlRouteList();

  private PrintfulControlRoutes(PrintfulSimulator simulator) {
    this.simulator = simulator;
  }

  static List<ControlApi.Route> of(PrintfulSimulator simulator) {
    PrintfulControlRoutes control = new PrintfulControlRoutes(simulator);
    control.configuration();
    control.orders();
    control.faults();
    return control.routes.routes();
  }

  private void configuration() {
    add("POST", "/_sim/reset", (path, body) -> {
      simulator.reset();
      return ControlRouteList.ok();
    });
    add("GET", "/_sim/config", (path, body) -> config());
    add("POST", "/_sim/config", (path, body) -> {
      body.allowOnly(Set.of("webhookUrl"), "config field");
      if (body.has("webhookUrl")) {
        simulator.setWebhookUrl(body.string("webhookUrl"));
      }
      return config();
    });
    routes.clock(simulator::now, simulator::advanceClock);
    add("GET", "/_sim/deliveries", (path, body) -> PrintfulSimulator.deliveriesJson(simulator.deliveries()));
    routes.calls(simulator::apiCallCounts);
    add("GET", "/_sim/orders", (path, body) -> {
      com.google.gson.JsonArray list = new com.google.gson.JsonArray();
      for (PrintfulSimulator.OrderSummary order : simulator.orders()) {
        JsonObject json = new JsonObject();
        json.addProperty("id", order.id());
        json.addProperty("externalId", order.externalId());
        json.addProperty("status", order.status());
        json.addProperty("shipments", order.shipments());
        json.addProperty("shipping", order.shipping());
        json.add("retailCosts", retailCosts(order.retailCosts()));
        list.add(json);
      }
      return list;
    });
  }

  private void orders() {
    add("POST", "/_sim/orders/{id}/ship", (path, body) -> {
      body.allowOnly(Set.of("carrier", "service", "trackingNumber", "trackingUrl", "items"));
      List<PrintfulSimulator.PackageItem> items = new ArrayList<>();
      if (body.has("items") && !body.isNull("items")) {
        for (JsonElement element : body.array("items")) {
          if (!element.isJsonObject()) {
            throw new IllegalArgumentException("items must be objects {\"itemId\" or \"externalId\", \"quantity\"?}");
          }
          ControlBody item = ControlBody.parse(Json.write(element))
              .allowOnly(Set.of("itemId", "externalId", "quantity"), "item field");
          Long itemId = item.has("itemId") ? item.integer("itemId") : null;
          String externalId = item.has("externalId") ? item.string("externalId") : null;
          if (itemId == null && externalId == null) {
            throw new IllegalArgumentException("An item needs itemId or externalId");
          }
          Integer quantity = item.has("quantity") ? Math.toIntExact(item.integer("quantity")) : null;
          items.add(new PrintfulSimulator.PackageItem(itemId, externalId, quantity));
        }
      }
      String trackingNumber = body.string("trackingNumber");
      if (trackingNumber == null || trackingNumber.isBlank()) {
        throw new IllegalArgumentException("trackingNumber is required");
      }
      long shipment = simulator.ship(path.get("id"), new PrintfulSimulator.Package(
          body.has("carrier") ? body.string("carrier") : "USPS",
          body.has("service") ? body.string("service") : "USPS First Class Package",
          trackingNumber,
          body.has("trackingUrl") ? body.string("trackingUrl")
              : "https://tools.usps.com/go/TrackConfirmAction?tLabels=" + trackingNumber,
          items));
      JsonObject json = order(path.get("id"));
      json.addProperty("shipment", shipment);
      return json;
    });
    add("POST", "/_sim/orders/{id}/fail", (path, body) -> {
      body.allowOnly(Set.of("reason"));
      simulator.fail(path.get("id"), body.has("reason") ? body.string("reason") : null);
      return order(path.get("id"));
    });
    add("POST", "/_sim/orders/{id}/hold", (path, body) -> {
      body.allowOnly(Set.of("reason"));
      simulator.hold(path.get("id"), body.has("reason") ? body.string("reason") : null);
      return order(path.get("id"));
    });
    add("POST", "/_sim/orders/{id}/release", (path, body) -> {
      body.allowOnly(Set.of("reason"));
      simulator.release(path.get("id"), body.has("reason") ? body.string("reason") : null);
      return order(path.get("id"));
    });
    add("POST", "/_sim/orders/{id}/inprocess", (path, body) -> {
      body.allowOnly(Set.of());
      simulator.startProduction(path.get("id"));
      return order(path.get("id"));
    });
  }

  private void faults() {
    add("GET", "/_sim/faults", (path, body) -> faultsJson());
    add("POST", "/_sim/faults", (path, body) -> {
      applyFaults(body);
      return faultsJson();
    });
    add("POST", "/_sim/faults/reset", (path, body) -> {
      simulator.faults().reset();
      return faultsJson();
    });
  }

  private void applyFaults(ControlBody body) {
    FAULT_FIELDS.apply(simulator.faults(), body);
  }

  /** A rate limit: calls per minute per token, {@code printful} (120) or {@code off} (0). */
  static int rateLimit(String value) {
    switch (value) {
      case "printful":
        return PrintfulFaults.PRINTFUL_RATE_LIMIT;
      case "off":
        return 0;
      default:
        try {
          return Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("rateLimit must be a number of calls per minute, printful or off,"
              + " was " + value, e);
        }
    }
  }

  private JsonObject faultsJson() {
    PrintfulFaults faults = simulator.faults();
    JsonObject json = new JsonObject();
    FaultFields.showWebhookAndErrorFaults(faults, json);
    json.addProperty("answerLostRate", faults.answerLostRate());
    json.addProperty("latencyMs", faults.latency().toMillis());
    json.addProperty("rateLimit", faults.rateLimit());
    json.addProperty("costsCalculating", faults.costsCalculating());
    json.addProperty("costsCalculatingSeconds", faults.costsCalculatingFor().toSeconds());
    JsonObject injected = new JsonObject();
    faults.injected().forEach(injected::addProperty);
    json.add("injected", injected);
    return json;
  }

  private static JsonElement retailCosts(PrintfulSimulator.RetailCosts costs) {
    if (costs == null) {
      return JsonNull.INSTANCE;
    }
    JsonObject json = new JsonObject();
    json.addProperty("currency", costs.currency());
    json.addProperty("subtotal", costs.subtotal());
    json.addProperty("discount", costs.discount());
    json.addProperty("shipping", costs.shipping());
    json.addProperty("tax", costs.tax());
    json.addProperty("vat", costs.vat());
    json.addProperty("total", costs.total());
    return json;
  }

  private JsonObject order(String ref) {
    return Json.parseObject(simulator.orderJson(ref));
  }

  private JsonObject config() {
    JsonObject json = new JsonObject();
    json.addProperty("webhookUrl", simulator.webhookUrl());
    json.add("webhookTypes", Json.strings(simulator.webhookTypes()));
    json.addProperty("token", simulator.token());
    json.addProperty("storeId", simulator.storeId());
    return json;
  }

  private void add(String method, String template, ControlApi.Action action) {
    routes.add(method, template, action);
  }
}
