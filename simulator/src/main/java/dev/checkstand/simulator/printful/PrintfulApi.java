package dev.checkstand.simulator.printful;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.checkstand.simulator.api.DaemonThreads;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.api.PathTemplate;
import dev.checkstand.simulator.http.CallCounts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Printful's v1 API: adds latency, counts, authenticates ({@code Authorization: Bearer}, {@code X-PF-Store-Id}),
 * rate-limits per token, routes, injects errors before and lost answers after execution, and writes the
 * {@code {code, result, paging?, error?}} envelope.
 */
final class PrintfulApi implements HttpHandler, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PrintfulApi.class);

  /** A request as endpoints see it: path values URL-decoded ({@code @external_id} kept), query, JSON body text. */
  record Request(String method, Map<String, String> path, Map<String, String> query, String body) {

    JsonObject jsonBody() {
      try {
        JsonElement json = JsonParser.parseString(body.isBlank() ? "{}" : body);
        if (!json.isJsonObject()) {
          throw PrintfulError.badRequest("The request body must be a JSON object.");
        }
        return json.getAsJsonObject();
      } catch (JsonParseException e) {
        throw PrintfulError.badRequest("The request body is not valid JSON.");
      }
    }

    boolean flag(String name) {
      String value = query.get(name);
      if (value == null || value.equals("false") || value.equals("0")) {
        return false;
      }
      if (value.equals("true") || value.equals("1")) {
        return true;
      }
      throw PrintfulError.badRequest(name + " must be true or false.");
    }
  }

  /** The answer of an endpoint: {@code result}, and {@code paging} for lists. */
  record Answer(JsonElement result, JsonObject paging) {

    static Answer of(JsonElement result) {
      return new Answer(result, null);
    }
  }

  /** One endpoint. */
  @FunctionalInterface
  interface Endpoint {
    Answer handle(Request request);
  }

  private record Route(String method, String template, PathTemplate path, Endpoint endpoint) {}

  private final String token;
  private final long storeId;
  private final PrintfulFaults faults;
  private final CallCounts counts;
  private final CallsPerMinute limits = new CallsPerMinute();
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService delays =
      Executors.newScheduledThreadPool(2, DaemonThreads.named("printful-sim-api-delays"));

  PrintfulApi(String token, long storeId, PrintfulFaults faults, CallCounts counts) {
    this.token = token;
    this.storeId = storeId;
    this.faults = faults;
    this.counts = counts;
  }

  void add(String method, String template, Endpoint endpoint) {
    routes.add(new Route(method, template, new PathTemplate(template), endpoint));
  }

  /** Forgets the rate-limit buckets. */
  void reset() {
    limits.reset();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Duration latency = faults.latency();
    if (latency.isZero()) {
      process(exchange);
    } else {
      delays.schedule(() -> {
        try {
          process(exchange);
        } catch (IOException | RuntimeException e) {
          log.debug("Delayed Printful request failed", e);
          exchange.close();
        }
      }, latency.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void close() {
    delays.shutdownNow();
  }

  private void process(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String rawPath = exchange.getRequestURI().getRawPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Route route = null;
    Map<String, String> values = null;
    String[] segments = PathTemplate.segments(rawPath);
    for (Route candidate : routes) {
      if (candidate.method().equals(method)) {
        values = candidate.path().match(segments);
        if (values != null) {
          route = candidate;
          break;
        }
      }
    }
    counts.increment(method + " " + (route == null ? rawPath : route.template()));
    boolean lost = false;
    int status;
    JsonObject envelope;
    Map<String, String> headers = Map.of();
    try {
      authenticate(exchange);
      long retryAfter = limits.take(presentedToken(exchange), faults.rateLimit());
      if (retryAfter > 0) {
        faults.count(PrintfulFaults.RATE_LIMITED);
        throw PrintfulError.tooManyRequests(retryAfter);
      }
      if (route == null) {
        throw PrintfulError.notFound("Not found");
      }
      int injected = faults.injectedError();
      if (injected != 0) {
        throw PrintfulError.injected(injected);
      }
      lost = faults.loseAnswer(method);
      try {
        Answer answer = route.endpoint().handle(new Request(method, decode(values),
            query(exchange.getRequestURI().getRawQuery()), body));
        status = 200;
        envelope = new JsonObject();
        envelope.addProperty("code", 200);
        envelope.add("result", answer.result());
        if (answer.paging() != null) {
          envelope.add("paging", answer.paging());
        }
      } catch (PrintfulError error) {
        status = error.status();
        envelope = error.body();
        headers = error.headers();
      }
    } catch (PrintfulError error) {
      status = error.status();
      envelope = error.body();
      headers = error.headers();
    } catch (RuntimeException bug) {
      log.error("Printful simulator failed on {} {}", method, rawPath, bug);
      PrintfulError error = PrintfulError.injected(500);
      status = 500;
      envelope = error.body();
    }
    if (lost) {
      // Closing an exchange before its response headers are sent closes the connection itself.
      exchange.close();
      return;
    }
    byte[] bytes = Json.write(envelope).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    headers.forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    exchange.close();
  }

  private void authenticate(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || header.isBlank()) {
      throw PrintfulError.unauthorized("Missing Authorization header. Send Authorization: Bearer <token>.");
    }
    if (!header.startsWith("Bearer ") || header.length() == "Bearer ".length()) {
      throw PrintfulError.unauthorized("Malformed Authorization header.");
    }
    String presented = header.substring("Bearer ".length()).trim();
    if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      throw PrintfulError.unauthorized("The access token provided is invalid.");
    }
    String store = exchange.getRequestHeaders().getFirst("X-PF-Store-Id");
    if (store == null || store.isBlank()) {
      throw PrintfulError.badRequest("This API endpoint applies only to a specific store."
          + " Send the store's id in the X-PF-Store-Id header.");
    }
    if (!store.trim().equals(Long.toString(storeId))) {
      throw PrintfulError.notFound("Store " + store.trim() + " not found.");
    }
  }

  private static String presentedToken(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    return header == null ? "" : header;
  }

  private static Map<String, String> decode(Map<String, String> raw) {
    Map<String, String> decoded = new HashMap<>();
    raw.forEach((name, value) -> decoded.put(name, urlDecode(value.replace("+", "%2B"))));
    return decoded;
  }

  private static String urlDecode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw PrintfulError.badRequest("Malformed URL encoding: " + text);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = urlDecode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : urlDecode(pair.substring(eq + 1));
      query.putIfAbsent(name, value);
    }
    return query;
  }
}
