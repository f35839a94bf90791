package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

@CheckstandIntegrationTest
class AdminSecurityIntegrationTests {

    @Autowired
    Api api;

    @ParameterizedTest
    @ValueSource(strings = {"/api/admin/orders/00000000-0000-0000-0000-000000000000", "/api/admin/orders",
            "/api/admin/anything/at/all", "/actuator/env"})
    void adminPathsNeedCredentials(String path) {
        Api.Response response = api.get(path);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.text("code")).isEqualTo("unauthorized");
    }

    @Test
    void unknownOrderIsNotFoundForAnAdmin() {
        Api.Response response = api.getAsAdmin("/api/admin/orders/" + UUID.randomUUID());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text("code")).isEqualTo("order_not_found");
    }

    @Test
    void healthIsUpWithoutCredentials() {
        Api.Response response = api.get("/actuator/health");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text("status")).isEqualTo("UP");
    }

    @Test
    void probesAreOpenAndOnlyAnAdminSeesTheComponents() {
        Api.Response liveness = api.get("/actuator/health/liveness");
        Api.Response readiness = api.get("/actuator/health/readiness");
        Api.Response anonymous = api.get("/actuator/health");
        Api.Response admin = api.getAsAdmin("/actuator/health");
        Api.Response adminReadiness = api.getAsAdmin("/actuator/health/readiness");

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.text("status")).isEqualTo("UP");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.text("status")).isEqualTo("UP");
        assertThat(anonymous.json().has("components")).isFalse();
        assertThat(readiness.json().has("components")).isFalse();
        assertThat(admin.json().path("components").has("db")).isTrue();
        assertThat(admin.json().path("components").path("db").path("details").path("database").asString())
                .isEqualTo("PostgreSQL");
        for (String provider : new String[] {"stripe", "printful"}) {
            assertThat(admin.json().path("components").path(provider).path("status").asString()).isEqualTo("UP");
            assertThat(admin.json().path("components").path(provider).path("details").path("circuitBreaker")
                    .asString()).isEqualTo("closed");
        }
        assertThat(anonymous.body()).doesNotContain("stripe", "printful", "circuitBreaker");
        assertThat(adminReadiness.json().path("components").propertyNames()).containsExactlyInAnyOrder("db",
                "readinessState");
    }

    @Test
    void productsAreListedWithAvailability() {
        Api.Response response = api.get("/api/products");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().isArray()).isTrue();
        assertThat(response.json().valueStream().map(p -> p.path("sku").asString())).contains("MUG-CLASSIC", "HOODIE-LTD");
        assertThat(response.json().get(0).has("available")).isTrue();
    }
}
