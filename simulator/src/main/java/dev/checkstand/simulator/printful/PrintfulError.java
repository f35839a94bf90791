package dev.checkstand.simulator.printful;

import com.google.gson.JsonObject;
import java.util.Map;

/** A Printful error answer: {@code {"code": status, "result": message, "error": {"reason", "message"}}}. */
final class PrintfulError extends RuntimeException {

  /** The message Printful's confirm gives while the order's costs are not calculated yet (the simulator's wording). */
  static final String COSTS_CALCULATING = "Order costs are still being calculated. Please try again later.";

  private final int status;
  private final String reason;
  private final Map<String, String> headers;

  private PrintfulError(int status, String reason, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
    this.headers = headers;
  }

  static PrintfulError badRequest(String message) {
    return new PrintfulError(400, "BadRequest", message, Map.of());
  }

  static PrintfulError unauthorized(String message) {
    return new PrintfulError(401, "Unauthorized", message, Map.of());
  }

  static PrintfulError notFound(String message) {
    return new PrintfulError(404, "NotFound", message, Map.of());
  }

  static PrintfulError tooManyRequests(long retryAfterSeconds) {
    return new PrintfulError(429, "TooManyRequests", "API rate limit exceeded, please retry after "
        + retryAfterSeconds + " seconds", Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  static PrintfulError injected(int status) {
    return status == 503
        ? new PrintfulError(503, "ServiceUnavailable", "Service temporarily unavailable", Map.of())
        : new PrintfulError(500, "InternalServerError", "Internal server error", Map.of());
  }

  static PrintfulError costsCalculating() {
    return badRequest(COSTS_CALCULATING);
  }

  int status() {
    return status;
  }

  String reason() {
    return reason;
  }

  Map<String, String> headers() {
    return headers;
  }

  JsonObject body() {
    JsonObject error = new JsonObject();
    error.addProperty("reason", reason);
    error.addProperty("message", getMessage());
    JsonObject body = new JsonObject();
    body.addProperty("code", status);
    body.addProperty("result", getMessage());
    body.add("error", error);
    return body;
  }
}
