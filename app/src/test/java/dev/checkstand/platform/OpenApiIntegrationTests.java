package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI description is the JSON API the controllers map, no more and no less, each operation with its request
 * body's schema, its success and its problems; it is served with its UI. The routes come from Spring's handler
 * mappings at run time, not from a list kept by hand.
 */
@CheckstandIntegrationTest
class OpenApiIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    JsonNode document;
    Map<String, HandlerMethod> routes;

    @BeforeEach
    void readTheDescriptionAndTheMappings() {
        Api.Response response = api.get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        document = response.json();
        routes = new LinkedHashMap<>();
        mappings.getHandlerMethods().forEach((info, handler) -> info.getPatternValues().stream()
                .filter(pattern -> pattern.startsWith("/api/"))
                .forEach(pattern -> info.getMethodsCondition().getMethods()
                        .forEach(method -> routes.put(method.name() + " " + pattern, handler))));
    }

    @Test
    void theDescriptionHasExactlyTheJsonRoutesTheControllersMap() {
        Set<String> described = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().propertyNames()
                .forEach(method -> described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

        assertThat(routes).isNotEmpty().containsKeys("POST /api/create-payment-intent",
                "POST /api/admin/orders/{orderId}/refunds", "POST /api/printful/webhook/{secret}",
                "GET /api/orders/{orderId}/sync-status");
        assertThat(described).containsExactlyInAnyOrderElementsOf(routes.keySet());
        assertThat(document.path("openapi").asString()).startsWith("3.");
    }

    @Test
    void everyOperationDescribesItsBodyItsSuccessAndItsProblems() {
        JsonNode problem = document.path("components").path("schemas").path("Problem");
        assertThat(problem.path("properties").propertyNames()).contains("type", "title", "status", "detail", "code",
                "errors");
        assertThat(problem.path("required").valueStream().map(JsonNode::asString)).contains("status", "code");

        routes.forEach((route, handler) -> {
            String method = route.substring(0, route.indexOf(' ')).toLowerCase(Locale.ROOT);
            String path = route.substring(route.indexOf(' ') + 1);
            JsonNode operation = document.path("paths").path(path).path(method);
            JsonNode responses = operation.path("responses");

            if (takesABody(handler)) {
                assertThat(operation.path("requestBody").path("content").properties()).as(route).isNotEmpty()
                        .allSatisfy(media -> assertThat(media.getValue().has("schema")).as(route).isTrue());
                assertThat(responses.propertyNames()).as(route).contains("400", "413");
            }
            assertThat(responses.propertyNames()).as(route).anyMatch(code -> code.startsWith("2")).contains("500");
            responses.properties().stream().filter(response -> response.getKey().matches("[45]\\d\\d"))
                    .forEach(response -> assertThat(response.getValue().path("content")
                            .path("application/problem+json").path("schema").path("$ref").asString())
                            .as(route + " " + response.getKey()).isEqualTo("#/components/schemas/Problem"));
            if (path.contains("{")) {
                assertThat(responses.propertyNames()).as(route).contains("404");
            }
            if (path.startsWith("/api/admin/")) {
                assertThat(responses.propertyNames()).as(route).contains("401", "403");
                assertThat(operation.path("security").toString()).as(route).isEqualTo("[{\"admin\":[]}]");
            } else {
                assertThat(operation.has("security")).as(route).isFalse();
            }
        });
        assertThat(document.path("components").path("securitySchemes").path("admin").path("scheme").asString())
                .isEqualTo("basic");
        assertThat(document.has("security")).isFalse();
    }

    @Test
    void theRoutesTheContractSpellsOutSayWhatTheyAnswer() {
        JsonNode refunds = document.path("paths").path("/api/admin/orders/{orderId}/refunds").path("post");
        assertThat(refunds.path("parameters").valueStream()
                .filter(parameter -> parameter.path("name").asString().equals("Idempotency-Key")))
                .singleElement().satisfies(header -> {
                    assertThat(header.path("in").asString()).isEqualTo("header");
                    assertThat(header.path("required").asBoolean()).isTrue();
                });
        assertThat(refunds.path("responses").propertyNames()).contains("200", "201", "400", "404", "409", "422");
        assertThat(refunds.path("requestBody").path("content").path("application/json").path("schema").path("$ref")
                .asString()).isEqualTo("#/components/schemas/RefundBody");
        JsonNode checkout = document.path("paths").path("/api/create-payment-intent").path("post");
        assertThat(checkout.path("responses").propertyNames()).contains("200", "201", "409", "502", "503");
        assertThat(checkout.path("responses").path("201").path("content").path("application/json").path("schema")
                .path("$ref").asString()).isEqualTo("#/components/schemas/PaymentIntentCheckout");
        assertThat(document.path("paths").path("/api/payments/webhook").path("post").path("requestBody")
                .path("content").has("application/json")).isTrue();
        assertThat(document.path("paths").path("/api/orders/{orderId}/sync-status").path("get").path("responses")
                .path("503").path("headers").has("Retry-After")).isTrue();
        assertThat(document.path("paths").path("/api/admin/products/{id}/stock").path("put").path("responses")
                .path("409").path("description").asString()).startsWith("stock_below_reserved");
    }

    @Test
    void theUiIsServedAndReadsThisDescription() throws Exception {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> ui = browser.send(HttpRequest.newBuilder(URI.create(api.url("/swagger-ui.html"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.uri().getPath()).isEqualTo("/swagger-ui/index.html");
        assertThat(ui.body()).contains("swagger-ui");
        Api.Response config = api.get("/v3/api-docs/swagger-config");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().toString()).contains("/v3/api-docs");
    }

    private static boolean takesABody(HandlerMethod handler) {
        for (MethodParameter parameter : handler.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                return true;
            }
        }
        return false;
    }
}
