package dev.checkstand.simulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** The unauthenticated control API under {@code /_sim/}: reset, config, deliveries and call counts. */
final class ControlApi implements HttpHandler {

  private static final Set<String> CONFIG_FIELDS = Set.of("webhookDeliveryEnabled", "webhookUrl");

  private final StripeSimulator simulator;

  ControlApi(StripeSimulator simulator) {
    this.simulator = simulator;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    try {
      switch (route) {
        case "POST /_sim/reset":
          simulator.reset();
          write(exchange, 200, flag("reset", true));
          break;
        case "GET /_sim/deliveries":
          write(exchange, 200, deliveries());
          break;
        case "GET /_sim/config":
          write(exchange, 200, config());
          break;
        case "POST /_sim/config":
          configure(body);
          write(exchange, 200, config());
          break;
        case "GET /_sim/calls":
          write(exchange, 200, calls());
          break;
        default:
          write(exchange, 404, error("Unrecognized simulator control URL (" + route + ")."));
      }
    } catch (IllegalArgumentException | IllegalStateException | JsonParseException e) {
      write(exchange, 400, error(e.getMessage()));
    }
  }

  private void configure(String body) {
    JsonObject config = Json.parseObject(body.isBlank() ? "{}" : body);
    for (String field : config.keySet()) {
      if (!CONFIG_FIELDS.contains(field)) {
        throw new IllegalArgumentException("Unknown config field " + field + "; known: " + CONFIG_FIELDS);
      }
    }
    if (config.has("webhookDeliveryEnabled")) {
      JsonElement enabled = config.get("webhookDeliveryEnabled");
      if (!enabled.isJsonPrimitive() || !enabled.getAsJsonPrimitive().isBoolean()) {
        throw new IllegalArgumentException("webhookDeliveryEnabled must be true or false");
      }
      simulator.setWebhookDeliveryEnabled(enabled.getAsBoolean());
    }
    if (config.has("webhookUrl")) {
      JsonElement url = config.get("webhookUrl");
      simulator.setWebhookUrl(url.isJsonNull() ? null : url.getAsString());
    }
  }

  private JsonObject config() {
    JsonObject config = new JsonObject();
    config.addProperty("webhookDeliveryEnabled", simulator.webhookDeliveryEnabled());
    config.addProperty("webhookUrl", simulator.webhookUrl());
    return config;
  }

  private JsonArray deliveries() {
    JsonArray deliveries = new JsonArray();
    for (WebhookDelivery delivery : simulator.deliveries()) {
      JsonObject json = new JsonObject();
      json.addProperty("eventId", delivery.eventId());
      json.addProperty("eventType", delivery.eventType());
      json.addProperty("attempt", delivery.attempt());
      json.addProperty("status", delivery.status());
      json.addProperty("at", delivery.at().toString());
      deliveries.add(json);
    }
    return deliveries;
  }

  private JsonObject calls() {
    JsonObject calls = new JsonObject();
    for (Map.Entry<String, Long> entry : simulator.apiCallCounts().entrySet()) {
      calls.addProperty(entry.getKey(), entry.getValue());
    }
    return calls;
  }

  private static JsonObject flag(String name, boolean value) {
    JsonObject json = new JsonObject();
    json.addProperty(name, value);
    return json;
  }

  private static JsonObject error(String message) {
    JsonObject error = new JsonObject();
    error.addProperty("type", "invalid_request_error");
    error.addProperty("message", message);
    JsonObject body = new JsonObject();
    body.add("error", error);
    return body;
  }

  private static void write(HttpExchange exchange, int status, JsonElement body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Request-Id", Ids.next("req"));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
