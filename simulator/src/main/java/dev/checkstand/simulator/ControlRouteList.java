package dev.checkstand.simulator;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.PathTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A control API's routes as they are added, the first match winning, with the routes the Stripe and Printful simulators share. */
public final class ControlRouteList {

  private final List<ControlApi.Route> routes = new ArrayList<>();

  /** Adds a route for {@code method} and the path {@code template}, e.g. {@code /_sim/orders/{id}/ship}. */
  public void add(String method, String template, ControlApi.Action action) {
    routes.add(new ControlApi.Route(method, new PathTemplate(template), action));
  }

  /** {@code GET /_sim/clock} and {@code POST /_sim/clock/advance} ({@code seconds}), both answering the simulated time. */
  public void clock(Supplier<Instant> now, Consumer<Duration> advance) {
    add("GET", "/_sim/clock", (path, body) -> clockJson(now));
    add("POST", "/_sim/clock/advance", (path, body) -> {
      body.allowOnly(Set.of("seconds"));
      advance.accept(Duration.ofSeconds(body.integer("seconds")));
      return clockJson(now);
    });
  }

  /** {@code GET /_sim/calls}: the API calls per endpoint. */
  public void calls(Supplier<Map<String, Long>> counts) {
    counts("/_sim/calls", counts);
  }

  /** {@code GET path}: named counts as one JSON object. */
  public void counts(String path, Supplier<Map<String, Long>> counts) {
    add("GET", path, (p, body) -> {
      JsonObject json = new JsonObject();
      counts.get().forEach(json::addProperty);
      return json;
    });
  }

  /** The routes added, in order. */
  public List<ControlApi.Route> routes() {
    return routes;
  }

  /** {@code {"ok": true}}. */
  public static JsonObject ok() {
    JsonObject json = new JsonObject();
    json.addProperty("ok", true);
    return json;
  }

  private static JsonObject clockJson(Supplier<Instant> now) {
    JsonObject clock = new JsonObject();
    clock.addProperty("now", now.get().getEpochSecond());
    clock.addProperty("iso", now.get().toString());
    return clock;
  }
}
