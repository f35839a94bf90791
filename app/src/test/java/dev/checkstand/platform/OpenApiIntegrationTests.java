package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** The OpenAPI description names every JSON route the controllers map, and is served with its UI. */
@CheckstandIntegrationTest
class OpenApiIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyJsonRouteIsInTheDescription() {
        Api.Response document = api.get("/v3/api-docs");
        assertThat(document.status()).isEqualTo(200);
        JsonNode paths = document.json().path("paths");
        Set<String> described = new TreeSet<>();
        paths.propertyNames().forEach(described::add);

        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(pattern -> pattern.startsWith("/api/"))
                .forEach(mapped::add));

        assertThat(mapped).isNotEmpty().contains("/api/create-payment-intent", "/api/admin/orders/{orderId}/refunds",
                "/api/printful/webhook/{secret}");
        assertThat(described).containsAll(mapped).allMatch(path -> path.startsWith("/api/"));
        assertThat(document.json().path("openapi").asString()).startsWith("3.");
    }

    @Test
    void theUiIsServed() {
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(api.get("/swagger-ui.html").status()).isIn(200, 302);
    }
}
