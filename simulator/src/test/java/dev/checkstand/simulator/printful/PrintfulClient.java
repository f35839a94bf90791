package dev.checkstand.simulator.printful;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A Printful-shaped test client: Bearer token, {@code X-PF-Store-Id}, JSON bodies, the envelope parsed. */
final class PrintfulClient {

  /** An answer: HTTP status, the parsed envelope, and the Retry-After header if any. */
  record Answer(int status, JsonObject envelope, String retryAfter) {

    JsonObject result() {
      return envelope.getAsJsonObject("result");
    }

    String errorMessage() {
      return envelope.getAsJsonObject("error").get("message").getAsString();
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final String authorization;
  private final String storeId;

  PrintfulClient(String baseUrl, String authorization, String storeId) {
    this.baseUrl = baseUrl;
    this.authorization = authorization;
    this.storeId = storeId;
  }

  static PrintfulClient of(PrintfulSimulator simulator) {
    return new PrintfulClient(simulator.baseUrl(), "Bearer " + simulator.token(),
        Long.toString(simulator.storeId()));
  }

  PrintfulClient withAuthorization(String header) {
    return new PrintfulClient(baseUrl, header, storeId);
  }

  PrintfulClient withStoreId(String id) {
    return new PrintfulClient(baseUrl, authorization, id);
  }

  Answer get(String path) {
    return send("GET", path, null);
  }

  Answer post(String path, String json) {
    return send("POST", path, json);
  }

  Answer delete(String path) {
    return send("DELETE", path, null);
  }

  /** Control call: JSON, no authentication. */
  JsonElement control(String method, String path, String json) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json))
        .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("Control call " + path + " answered " + response.statusCode()
            + ": " + response.body());
      }
      return JsonParser.parseString(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer send(String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (storeId != null) {
      request.header("X-PF-Store-Id", storeId);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), JsonParser.parseString(response.body()).getAsJsonObject(),
          response.headers().firstValue("Retry-After").orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String external(String externalId) {
    return "@" + URLEncoder.encode(externalId, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A create body: one or more sync variants (quantity 1 each), to London, with retail costs in decimal strings. */
  static String order(String externalId, long... syncVariantIds) {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < syncVariantIds.length; i++) {
      if (i > 0) {
        items.append(',');
      }
      items.append("{\"external_id\":\"").append(externalId).append("-").append(i + 1)
          .append("\",\"sync_variant_id\":").append(syncVariantIds[i])
          .append(",\"quantity\":1,\"retail_price\":\"12.50\"}");
    }
    return "{\"external_id\":" + (externalId == null ? "null" : "\"" + externalId + "\"")
        + ",\"shipping\":\"STANDARD\""
        + ",\"recipient\":{\"name\":\"Ada Lovelace\",\"address1\":\"1 Main St\",\"city\":\"London\","
        + "\"country_code\":\"GB\",\"zip\":\"N1 1AA\",\"email\":\"ada@example.com\"}"
        + ",\"items\":[" + items + "]"
        + ",\"retail_costs\":{\"currency\":\"GBP\",\"subtotal\":\"12.50\",\"discount\":\"0.00\","
        + "\"shipping\":\"3.99\",\"tax\":\"0.00\"}}";
  }
}
