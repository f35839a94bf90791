package dev.checkstand.simulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.api.PathTemplate;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The unauthenticated control API under {@code /_sim/}: JSON in and out, routed by {@link ControlRoutes} (and the Printful simulator's control routes). */
public final class ControlApi implements HttpHandler {

  /** One control action: the path's {@code {name}} values and the JSON body in, the JSON answer out. */
  @FunctionalInterface
  public interface Action {
    /** Runs the action; NoSuchElementException answers 404, IllegalArgumentException and IllegalStateException 400. */
    JsonElement run(Map<String, String> path, ControlBody body);
  }

  /** A control route. */
  public record Route(String method, PathTemplate path, Action action) {}

  private final List<Route> routes;

  /** Serves {@code routes}, the first match winning. */
  public ControlApi(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    try {
      for (Route route : routes) {
        Map<String, String> values = route.method().equals(method) ? route.path().match(path) : null;
        if (values != null) {
          write(exchange, 200, route.action().run(values, ControlBody.parse(body)));
          return;
        }
      }
      write(exchange, 404, error("Unrecognized simulator control URL (" + method + " " + path + ")."));
    } catch (NoSuchElementException e) {
      write(exchange, 404, error(e.getMessage()));
    } catch (IllegalArgumentException | IllegalStateException | JsonParseException e) {
      write(exchange, 400, error(e.getMessage()));
    }
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
