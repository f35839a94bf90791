package dev.checkstand.simulator.http;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.ApiRequest;
import dev.checkstand.simulator.api.Caller;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.api.Params;
import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.api.Router;
import dev.checkstand.simulator.idempotency.Claim;
import dev.checkstand.simulator.idempotency.Fingerprint;
import dev.checkstand.simulator.idempotency.IdempotencyKeys;
import dev.checkstand.simulator.idempotency.StoredResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@code /v1/...}: counts, authenticates, routes, applies idempotency, and writes Stripe-shaped responses. */
public final class ApiHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

  private final Router router;
  private final ApiKeys keys;
  private final IdempotencyKeys idempotency;
  private final CallCounts counts;
  private final String defaultApiVersion;
  private volatile Consumer<ApiRequest> beforeExecute = request -> {};

  /** Events of requests without a {@code Stripe-Version} header get {@code defaultApiVersion}. */
  public ApiHandler(Router router, ApiKeys keys, IdempotencyKeys idempotency, CallCounts counts,
      String defaultApiVersion) {
    this.router = router;
    this.keys = keys;
    this.idempotency = idempotency;
    this.counts = counts;
    this.defaultApiVersion = defaultApiVersion;
  }

  /** Runs {@code hook} after a request is authenticated and its idempotency key claimed, just before its endpoint. */
  public void beforeExecute(Consumer<ApiRequest> hook) {
    this.beforeExecute = hook;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String requestId = Ids.next("req");
    StoredResponse response;
    try {
      response = dispatch(exchange, requestId);
    } catch (ApiError error) {
      response = stored(error.status(), error.body(), requestId);
    } catch (RuntimeException bug) {
      log.error("Simulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), bug);
      ApiError error = ApiError.internal();
      response = stored(error.status(), error.body(), requestId);
    }
    write(exchange, response);
  }

  private StoredResponse dispatch(HttpExchange exchange, String requestId) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Optional<Router.Match> match = router.match(method, path);
    counts.increment(method + " " + match.map(m -> m.route().template()).orElse(path));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Caller caller = keys.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
    Router.Route route = match.orElseThrow(() -> ApiError.unrecognizedUrl(method, path)).route();
    if (caller == Caller.PUBLISHABLE_KEY && route.access() != Router.Access.CLIENT_SECRET) {
      throw ApiError.permission("This API call cannot be made with a publishable API key. Please use"
          + " a secret API key. You can find a list of your API keys at"
          + " https://dashboard.stripe.com/account/apikeys.");
    }
    Map<String, Object> params = FormDecoder.decode(exchange.getRequestURI().getRawQuery(), body);
    String key = "POST".equals(method)
        ? exchange.getRequestHeaders().getFirst("Idempotency-Key") : null;
    String version = exchange.getRequestHeaders().getFirst("Stripe-Version");
    RequestContext context = new RequestContext(requestId, key,
        version == null || version.isBlank() ? defaultApiVersion : version);
    ApiRequest request = new ApiRequest(method, path, match.get().pathParams(), Params.of(params),
        caller, context);
    if (key == null) {
      return execute(route, request);
    }
    return executeOnce(key, new Fingerprint(method, path, params), route, request);
  }

  private StoredResponse executeOnce(String key, Fingerprint fingerprint, Router.Route route,
      ApiRequest request) {
    Claim claim = idempotency.claim(key, fingerprint);
    switch (claim.outcome()) {
      case REPLAY:
        return claim.response();
      case IN_USE:
        throw ApiError.idempotencyKeyInUse(key);
      case MISMATCH:
        throw ApiError.idempotencyMismatch(key);
      default:
        break;
    }
    StoredResponse response = null;
    try {
      response = execute(route, request);
      return response;
    } catch (ApiError error) {
      if (error.replayable()) {
        response = stored(error.status(), error.body(), request.context().requestId());
      }
      throw error;
    } catch (RuntimeException bug) {
      log.error("Simulator failed on {} {}", request.method(), request.path(), bug);
      response = stored(500, ApiError.internal().body(), request.context().requestId());
      return response;
    } finally {
      if (response == null) {
        idempotency.release(key);
      } else {
        idempotency.complete(key, fingerprint, response);
      }
    }
  }

  private StoredResponse execute(Router.Route route, ApiRequest request) {
    beforeExecute.accept(request);
    JsonObject body = route.endpoint().handle(request);
    return stored(200, body, request.context().requestId());
  }

  private static StoredResponse stored(int status, JsonObject body, String requestId) {
    return new StoredResponse(status, Json.write(body).getBytes(StandardCharsets.UTF_8), requestId);
  }

  private static void write(HttpExchange exchange, StoredResponse response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Request-Id", response.requestId());
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    if (key != null && "POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Idempotency-Key", key);
    }
    if (response.status() >= 500) {
      exchange.getResponseHeaders().set("Stripe-Should-Retry", "false");
    }
    exchange.sendResponseHeaders(response.status(), response.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response.body());
    }
    exchange.close();
  }
}
