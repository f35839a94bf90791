package dev.checkstand.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.IntSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the service under test, over the JDK's client. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IntSupplier port;
    private final String adminAuthorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(IntSupplier port, String adminUser, String adminPassword) {
        this.port = port;
        this.adminAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((adminUser + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    /** The absolute URL of {@code path} on the service, for a browser. */
    public String url(String path) {
        return "http://localhost:" + port.getAsInt() + path;
    }

    /** The Authorization header value of the admin user. */
    public String adminAuthorization() {
        return adminAuthorization;
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    public Response getAsAdmin(String path) {
        return send(request(path).header("Authorization", adminAuthorization).GET().build());
    }

    public Response post(String path, Object body) {
        return postRaw(path, body instanceof String s ? s : JSON.writeValueAsString(body), Map.of());
    }

    /** A customer's POST to one of an order's routes, proved by the checkout's order token ({@code X-Order-Token}). */
    public Response postWithOrderToken(String path, Object body, String orderToken) {
        return postRaw(path, body instanceof String s ? s : JSON.writeValueAsString(body),
                Map.of("X-Order-Token", orderToken));
    }

    public Response postAsAdmin(String path, Object body) {
        return postRaw(path, body instanceof String s ? s : JSON.writeValueAsString(body),
                Map.of("Authorization", adminAuthorization));
    }

    public Response putAsAdmin(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").header("Authorization", adminAuthorization)
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    public Response deleteAsAdmin(String path) {
        return send(request(path).header("Authorization", adminAuthorization).DELETE().build());
    }

    public Response postRaw(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    /**
     * Any request: {@code body} null sends none; {@code headers} may set the Content-Type (JSON when a body is sent and
     * they do not).
     */
    public Response send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    public static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port.getAsInt() + path))
                .timeout(Duration.ofSeconds(30));
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isBlank() ? null : parse(body);
            return new Response(response.statusCode(), json, body, response.headers().firstValue("Content-Type").orElse(""),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A response: status, parsed JSON (null when not JSON), raw body, content type and every header. */
    public record Response(int status, JsonNode json, String body, String contentType, HttpHeaders headers) {

        /** The first value of the header {@code name}, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String text(String field) {
            JsonNode node = json == null ? null : json.get(field);
            return node == null || node.isNull() ? null : node.asString();
        }
    }
}
