package dev.checkstand.simulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.payments.AuthorizationExpiry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The control API's routes: each one a thin JSON wrapper around a {@link StripeSimulator} method. */
final class ControlRoutes {

  private final StripeSimulator simulator;
  private final ControlRouteList routes = new ControlRouteList();

  private ControlRoutes(StripeSimulator simulator) {
    this.simulator = simulator;
  }

  static List<ControlApi.Route> of(StripeSimulator simulator) {
    ControlRoutes control = new ControlRoutes(simulator);
    control.configuration();
    control.time();
    control.checkout();
    control.faults();
    control.payments();
    control.accounts();
    control.webhookSecrets();
    return control.routes.routes();
  }

  private void configuration() {
    add("POST", "/_sim/reset", (path, body) -> {
      simulator.reset();
      JsonObject json = new JsonObject();
      json.addProperty("reset", true);
      return json;
    });
    add("GET", "/_sim/config", (path, body) -> config());
    add("POST", "/_sim/config", (path, body) -> {
      body.allowOnly(Set.of("webhookDeliveryEnabled", "webhookUrl", "connectWebhookUrl",
          "webhookV0Signature", "authorizationValiditySeconds", "authorizationExpiry"), "config field");
      AuthorizationExpiry expiry = body.has("authorizationExpiry")
          ? AuthorizationExpiry.parse(body.string("authorizationExpiry")) : null;
      if (body.has("authorizationValiditySeconds")) {
        simulator.setAuthorizationValidity(
            Duration.ofSeconds(body.integer("authorizationValiditySeconds")));
      }
      if (expiry != null) {
        simulator.setAuthorizationExpiry(expiry);
      }
      if (body.has("webhookDeliveryEnabled")) {
        simulator.setWebhookDeliveryEnabled(body.bool("webhookDeliveryEnabled"));
      }
      if (body.has("webhookV0Signature")) {
        simulator.setWebhookV0Signature(body.bool("webhookV0Signature"));
      }
      if (body.has("webhookUrl")) {
        simulator.setWebhookUrl(body.string("webhookUrl"));
      }
      if (body.has("connectWebhookUrl")) {
        simulator.setConnectWebhookUrl(body.string("connectWebhookUrl"));
      }
      return config();
    });
    add("GET", "/_sim/deliveries", (path, body) -> deliveries());
    routes.calls(simulator::apiCallCounts);
    routes.counts("/_sim/refusals", simulator::apiRefusals);
  }

  private void time() {
    routes.clock(simulator::now, simulator::advanceClock);
  }

  private void checkout() {
    add("POST", "/_sim/checkout/sessions/{id}/pay", (path, body) -> {
      body.allowOnly(Set.of("payment_method"));
      String method = body.has("payment_method") ? body.string("payment_method") : "pm_card_visa";
      simulator.payCheckoutSession(path.get("id"), method);
      return ControlRouteList.ok();
    });
  }

  private void faults() {
    add("GET", "/_sim/faults", (path, body) -> FaultsJson.show(simulator.faults()));
    add("POST", "/_sim/faults", (path, body) -> {
      FaultsJson.apply(simulator.faults(), body);
      return FaultsJson.show(simulator.faults());
    });
    add("POST", "/_sim/faults/reset", (path, body) -> FaultsJson.show(simulator.faults().reset()));
  }

  private void payments() {
    add("POST", "/_sim/payment_intents/{id}/refund", (path, body) -> {
      body.allowOnly(Set.of("amount"));
      JsonObject json = new JsonObject();
      json.addProperty("refund", simulator.refundInDashboard(path.get("id"), body.integer("amount")));
      return json;
    });
    add("POST", "/_sim/payment_intents/{id}/authenticate", (path, body) -> {
      body.allowOnly(Set.of("succeed"));
      simulator.completeAuthentication(path.get("id"), !body.has("succeed") || body.bool("succeed"));
      return ControlRouteList.ok();
    });
    add("POST", "/_sim/payment_intents/{id}/settle", (path, body) -> {
      body.allowOnly(Set.of("succeed"));
      simulator.completeAsyncPayment(path.get("id"), !body.has("succeed") || body.bool("succeed"));
      return ControlRouteList.ok();
    });
    add("POST", "/_sim/refunds/{id}/fail", (path, body) -> {
      simulator.failRefund(path.get("id"));
      return ControlRouteList.ok();
    });
  }

  private void accounts() {
    add("POST", "/_sim/accounts/{id}/onboard", (path, body) -> {
      body.allowOnly(Set.of());
      simulator.completeOnboarding(path.get("id"));
      return ControlRouteList.ok();
    });
    add("POST", "/_sim/accounts/{id}", (path, body) -> {
      body.allowOnly(Set.of("charges_enabled", "payouts_enabled", "disabled_reason", "currently_due"));
      Map<String, Boolean> now = simulator.accountStatus(path.get("id"));
      boolean charges = body.has("charges_enabled") ? body.bool("charges_enabled")
          : now.get("charges_enabled");
      boolean payouts = body.has("payouts_enabled") ? body.bool("payouts_enabled")
          : now.get("payouts_enabled");
      List<String> due = new ArrayList<>();
      if (body.has("currently_due")) {
        for (JsonElement field : body.array("currently_due")) {
          if (!field.isJsonPrimitive() || !field.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("currently_due must be an array of strings");
          }
          due.add(field.getAsString());
        }
      }
      simulator.setAccountStatus(path.get("id"), new AccountStatus(charges, payouts,
          body.has("disabled_reason") ? body.string("disabled_reason") : null, due));
      return ControlRouteList.ok();
    });
  }

  private void webhookSecrets() {
    add("POST", "/_sim/webhook_secret/roll", (path, body) -> {
      body.allowOnly(Set.of("endpoint", "expireOldAfterSeconds"));
      String endpoint = body.has("endpoint") ? body.string("endpoint") : simulator.webhookEndpointId();
      String secret = body.has("expireOldAfterSeconds")
          ? simulator.rollWebhookSecret(endpoint, Duration.ofSeconds(body.integer("expireOldAfterSeconds")))
          : simulator.rollWebhookSecret(endpoint);
      JsonObject json = new JsonObject();
      json.addProperty("endpoint", endpoint);
      json.addProperty("secret", secret);
      return json;
    });
    add("POST", "/_sim/webhook_secret/expire_old", (path, body) -> {
      body.allowOnly(Set.of("endpoint"));
      simulator.expireOldWebhookSecret(body.has("endpoint") ? body.string("endpoint")
          : simulator.webhookEndpointId());
      return ControlRouteList.ok();
    });
  }

  private JsonObject config() {
    JsonObject config = new JsonObject();
    config.addProperty("webhookDeliveryEnabled", simulator.webhookDeliveryEnabled());
    config.addProperty("webhookUrl", simulator.webhookUrl());
    config.addProperty("connectWebhookUrl", simulator.connectWebhookUrl());
    config.addProperty("webhookV0Signature", simulator.webhookV0Signature());
    config.addProperty("authorizationValiditySeconds", simulator.authorizationValidity().toSeconds());
    config.addProperty("authorizationExpiry", simulator.authorizationExpiry().wire());
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
      json.addProperty("endpointId", delivery.endpointId());
      json.addProperty("outcome", delivery.outcome());
      deliveries.add(json);
    }
    return deliveries;
  }

  private void add(String method, String template, ControlApi.Action action) {
    routes.add(method, template, action);
  }
}
