package dev.checkstand.chaos;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** A small JSON client: every call answers an {@link Answer}; a connection failure is status -1 with its cause. */
final class Http {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** Status (-1: no answer), the body parsed when it is JSON, the raw body, and for -1 the failure's name. */
    record Answer(int status, JsonElement json, String body, String failure) {

        JsonObject object() {
            return json != null && json.isJsonObject() ? json.getAsJsonObject() : new JsonObject();
        }

        String text(String field) {
            JsonObject o = object();
            return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : null;
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The error code of a service error answer ({@code {"error": {"code"}}} or {@code {"code"}}), else null. */
        String errorCode() {
            JsonObject o = object();
            if (o.has("error") && o.get("error").isJsonObject()) {
                JsonObject e = o.getAsJsonObject("error");
                for (String k : new String[] {"code", "type", "reason"}) {
                    if (e.has(k) && !e.get(k).isJsonNull()) {
                        return e.get(k).getAsString();
                    }
                }
            }
            if (o.has("code") && o.get("code").isJsonPrimitive()) {
                return o.get("code").getAsString();
            }
            if (o.has("error") && o.get("error").isJsonPrimitive()) {
                return o.get("error").getAsString();
            }
            return null;
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Answer get(String url, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
    }

    static Answer postJson(String url, String json, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "{}" : json)), headers);
    }

    static Answer send(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonElement json = null;
            if (body != null && (body.startsWith("{") || body.startsWith("["))) {
                try {
                    json = JsonParser.parseString(body);
                } catch (RuntimeException e) {
                    json = null;
                }
            }
            return new Answer(response.statusCode(), json, body, null);
        } catch (IOException e) {
            return new Answer(-1, null, null, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, null, "interrupted");
        }
    }

    private Http() {
    }
}
