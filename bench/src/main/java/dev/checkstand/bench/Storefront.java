package dev.checkstand.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/** The service's HTTP API as a storefront and an admin call it, for the flows that are timed end to end. */
public final class Storefront {

    private final String baseUrl;
    private final String adminAuthorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Storefront(String baseUrl, String adminPassword) {
        this.baseUrl = baseUrl;
        this.adminAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    /** An answer: status and parsed JSON body (null when not JSON). */
    public record Answer(int status, JsonObject json, String body) {

        public String text(String field) {
            return json == null || !json.has(field) || json.get(field).isJsonNull() ? null : json.get(field).getAsString();
        }
    }

    /** A created checkout: what the browser needs to pay. */
    public record Checkout(String orderId, String paymentIntentId, String clientSecret) {
    }

    /** The JSON body of a one-line checkout of {@code productId}. */
    public static String checkoutBody(String checkoutId, UUID productId) {
        return "{\"checkoutId\":\"" + checkoutId + "\",\"email\":\"bench@example.com\",\"items\":[{\"productId\":\""
                + productId + "\",\"quantity\":1}],\"shippingAddress\":{\"name\":\"Bench Buyer\",\"line1\":\"1 Load Street\","
                + "\"line2\":null,\"city\":\"London\",\"state\":null,\"postalCode\":\"E1 6AN\",\"country\":\"GB\"}}";
    }

    public Checkout createCheckout(String checkoutId, UUID productId) {
        Answer answer = post("/api/create-payment-intent", checkoutBody(checkoutId, productId), false);
        if (answer.status() != 201 && answer.status() != 200) {
            throw new IllegalStateException("checkout failed: " + answer.status() + " " + answer.body());
        }
        return new Checkout(answer.text("orderId"), answer.text("paymentIntentId"), answer.text("clientSecret"));
    }

    public Answer confirm(String paymentIntentId) {
        return post("/api/payments/confirm", "{\"paymentIntentId\":\"" + paymentIntentId + "\"}", false);
    }

    public Answer orderByPaymentIntent(String paymentIntentId) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/orders/by-payment-intent/" + paymentIntentId))
                .GET());
    }

    public Answer post(String path, String json, boolean admin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (admin) {
            request.header("Authorization", adminAuthorization);
        }
        return send(request);
    }

    public String adminAuthorization() {
        return adminAuthorization;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofMinutes(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject json = null;
            String body = response.body();
            if (body != null && body.startsWith("{")) {
                json = JsonParser.parseString(body).getAsJsonObject();
            }
            return new Answer(response.statusCode(), json, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
