package dev.checkstand.simulator.api;

import com.google.gson.JsonObject;
import java.util.Locale;

/** A Stripe API error: the HTTP status and the {@code error} object of the response body. */
public final class ApiError extends RuntimeException {

  private static final String INVALID_REQUEST = "invalid_request_error";
  private static final String DOCS = "https://stripe.com/docs/error-codes/";

  private final int status;
  private final JsonObject error;
  private final boolean replayable;

  private ApiError(int status, JsonObject error, boolean replayable) {
    super(error.get("message").getAsString(), null, false, false);
    this.status = status;
    this.error = error;
    this.replayable = replayable;
  }

  /** 400 for a request that failed validation; never stored for idempotent replay. */
  public static ApiError invalidRequest(String message, String param, String code) {
    return new ApiError(400, error(INVALID_REQUEST, code, message, param), false);
  }

  /** 400 {@code parameter_missing} for a required parameter that was not sent. */
  public static ApiError parameterMissing(String param) {
    return invalidRequest("Missing required param: " + param + ".", param, "parameter_missing");
  }

  /** 400 {@code parameter_unknown} for a parameter the endpoint does not take. */
  public static ApiError unknownParameter(String param) {
    return invalidRequest("Received unknown parameter: " + param, param, "parameter_unknown");
  }

  /** 400 {@code payment_intent_unexpected_state}, carrying the PaymentIntent as it is now. */
  public static ApiError unexpectedState(String message, JsonObject paymentIntent) {
    return paymentIntentRefused("payment_intent_unexpected_state", message, paymentIntent, null);
  }

  /** 400 {@code invalid_request_error} with {@code code}, refusing what the PaymentIntent's state does not allow; carries it as it is now, and the charge concerned (or null). */
  public static ApiError paymentIntentRefused(String code, String message, JsonObject paymentIntent,
      String charge) {
    JsonObject error = error(INVALID_REQUEST, code, message, null);
    if (charge != null) {
      error.addProperty("charge", charge);
    }
    error.add("payment_intent", paymentIntent);
    return new ApiError(400, error, true);
  }

  /** 404 {@code resource_missing} for an object named in the URL, e.g. "No such payment_intent: 'pi_x'". */
  public static ApiError noSuchObject(String objectName, String id) {
    String message = "No such " + objectName + ": '" + id + "'";
    return new ApiError(404, error(INVALID_REQUEST, "resource_missing", message, "id"), false);
  }

  /** 400 {@code resource_missing} for an object named in a parameter, e.g. a payment method. */
  public static ApiError noSuchReference(String objectName, String id, String param) {
    String message = "No such " + objectName + ": '" + id + "'";
    return invalidRequest(message, param, "resource_missing");
  }

  /** 402 {@code card_error}: the payment error as stored on the PaymentIntent, plus the PaymentIntent. */
  public static ApiError card(JsonObject paymentError, JsonObject paymentIntent) {
    JsonObject error = paymentError.deepCopy();
    error.add("payment_intent", paymentIntent);
    return new ApiError(402, error, true);
  }

  /** 401 for a missing or unknown API key. */
  public static ApiError authentication(String message) {
    return new ApiError(401, error(INVALID_REQUEST, null, message, null), false);
  }

  /** 403 for a key that may not make this call. */
  public static ApiError permission(String message) {
    return new ApiError(403, error(INVALID_REQUEST, null, message, null), false);
  }

  /** 403 {@code account_invalid}: a {@code Stripe-Account} (or an account in the path) that does not exist or is not connected to this platform. */
  public static ApiError accountInvalid(String shownKey, String account) {
    String message = "The provided key '" + shownKey + "' does not have access to account '" + account
        + "' (or that account does not exist). Application access may have been revoked.";
    return new ApiError(403, error(INVALID_REQUEST, "account_invalid", message, null), false);
  }

  /** 400 {@code invalid_request_error} with {@code code} and {@code param}, refusing what the PaymentIntent's state does not allow; carries it as it is now. */
  public static ApiError paymentIntentRefused(String code, String message, String param,
      JsonObject paymentIntent) {
    JsonObject error = error(INVALID_REQUEST, code, message, param);
    error.add("payment_intent", paymentIntent);
    return new ApiError(400, error, true);
  }

  /** 400 {@code idempotency_error}: a key reused with another endpoint or other parameters. */
  public static ApiError idempotencyMismatch(String key) {
    String message = "Keys for idempotent requests can only be used with the same parameters they were"
        + " first used with. Try using a key other than '" + key + "' if you meant to execute a"
        + " different request.";
    return new ApiError(400, error("idempotency_error", null, message, null), false);
  }

  /** 409 {@code idempotency_key_in_use}: the first request with this key is still running. */
  public static ApiError idempotencyKeyInUse(String key) {
    String message = "There is currently another in-progress request using this idempotent key (that"
        + " probably means you submitted twice, and the other request is still going through): "
        + key + ". Please try again later.";
    return new ApiError(409, error(INVALID_REQUEST, "idempotency_key_in_use", message, null), false);
  }

  /** 404 for a path no endpoint serves. */
  public static ApiError unrecognizedUrl(String method, String path) {
    String message = "Unrecognized request URL (" + method + ": " + path + "). Please see"
        + " https://stripe.com/docs or we can help at https://support.stripe.com/.";
    return new ApiError(404, error(INVALID_REQUEST, null, message, null), false);
  }

  /** 500 {@code api_error} for a fault inside the simulator; stored for replay like Stripe's 500s. */
  public static ApiError internal() {
    String message = "An unknown error occurred in the Stripe simulator.";
    return new ApiError(500, error("api_error", null, message, null), true);
  }

  /** 429 from the rate limiter; never stored for idempotent replay. */
  public static ApiError rateLimited() {
    String message = "Request rate limit exceeded. You can learn more about rate limits here"
        + " https://stripe.com/docs/rate-limits.";
    return new ApiError(429, error(INVALID_REQUEST, "rate_limit", message, null), false);
  }

  /** An injected 500 or 503 {@code api_error}, answered before the request is applied; never stored. */
  public static ApiError injected(int status) {
    String message = "An error occurred while processing your request (injected by the Stripe"
        + " simulator before anything was applied; retrying with the same idempotency key is safe).";
    return new ApiError(status, error("api_error", null, message, null), false);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The error's {@code code} (e.g. {@code amount_too_large}), else its {@code type}. */
  public String code() {
    JsonObject e = error;
    return e.has("code") && !e.get("code").isJsonNull() ? e.get("code").getAsString()
        : e.get("type").getAsString();
  }

  /** Whether Stripe would store this outcome under the request's idempotency key. */
  public boolean replayable() {
    return replayable;
  }

  /** The response body: {@code {"error": {...}}}. */
  public JsonObject body() {
    JsonObject body = new JsonObject();
    body.add("error", error.deepCopy());
    return body;
  }

  /** The {@code error} object alone, as it is embedded in {@code last_payment_error}. */
  public static JsonObject error(String type, String code, String message, String param) {
    JsonObject error = new JsonObject();
    if (code != null) {
      error.addProperty("code", code);
      error.addProperty("doc_url", DOCS + code.replace('_', '-').toLowerCase(Locale.ROOT));
    }
    error.addProperty("message", message);
    if (param != null) {
      error.addProperty("param", param);
    }
    error.addProperty("type", type);
    return error;
  }
}
