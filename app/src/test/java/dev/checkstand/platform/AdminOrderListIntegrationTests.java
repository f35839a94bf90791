package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Api;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@CheckstandIntegrationTest
class AdminOrderListIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void ordersAreFoundByEmailNumberAndPaymentIntentNewestFirst() {
        UUID mug = Catalogs.mug(jdbc);
        String email = "list-" + UUID.randomUUID() + "@example.com";
        Api.Response first = checkout(mug, email);
        Api.Response second = checkout(mug, email);

        Api.Response byEmail = api.getAsAdmin("/api/admin/orders?q=" + email);
        Api.Response byNumber = api.getAsAdmin("/api/admin/orders?q=" + first.text("orderNumber"));
        Api.Response byPaymentIntent = api.getAsAdmin("/api/admin/orders?q=" + second.text("paymentIntentId"));
        Api.Response paidOnly = api.getAsAdmin("/api/admin/orders?status=paid&q=" + email);

        assertThat(byEmail.json().path("total").asLong()).isEqualTo(2);
        assertThat(byEmail.json().path("items").valueStream().map(o -> o.path("id").asString()))
                .containsExactly(second.text("orderId"), first.text("orderId"));
        assertThat(byNumber.json().path("items").get(0).path("id").asString()).isEqualTo(first.text("orderId"));
        assertThat(byPaymentIntent.json().path("items").get(0).path("id").asString()).isEqualTo(second.text("orderId"));
        assertThat(paidOnly.json().path("total").asLong()).isZero();
        assertThat(api.getAsAdmin("/api/admin/orders?status=shipped").status()).isEqualTo(400);
        assertThat(api.getAsAdmin("/api/admin/orders?size=0").status()).isEqualTo(400);
        assertThat(api.get("/api/admin/orders").status()).isEqualTo(401);
    }

    private Api.Response checkout(UUID product, String email) {
        Map<String, Object> body = new LinkedHashMap<>(Checkouts.of(product, 1));
        body.put("email", email);
        Api.Response response = api.post("/api/create-payment-intent", body);
        assertThat(response.status()).isEqualTo(201);
        return response;
    }
}
