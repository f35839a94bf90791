package dev.checkstand.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

@CheckstandIntegrationTest
class OrderStatusStreamIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Autowired
    Environment environment;

    @Test
    void streamSendsTheStatusAtOnceAndAgainWhenTheOrderIsPaid() throws Exception {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.oneMugToLondon(jdbc).body());
        BlockingQueue<String> data = new ArrayBlockingQueue<>(10);
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + environment.getProperty("local.server.port") + "/api/orders/"
                        + checkout.text("orderId") + "/sync-status")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> {
            Iterator<String> lines = stream.body().iterator();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data:")) {
                    data.offer(line.substring(5));
                }
            }
        });
        reader.setDaemon(true);
        reader.start();

        assertThat(data.poll(10, TimeUnit.SECONDS)).contains("\"status\":\"pending_payment\"").contains("\"paymentStatus\":\"unpaid\"");
        new Browser(simulator.baseUrl(), simulator.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        String next = data.poll(Duration.ofSeconds(15).toSeconds(), TimeUnit.SECONDS);
        assertThat(next).contains("\"status\":\"paid\"").contains("\"paymentStatus\":\"paid\"");
        assertThat(api.get("/api/orders/" + UUID.randomUUID() + "/sync-status").status()).isEqualTo(404);
        assertThat(api.get("/api/orders/not-a-uuid/sync-status").status()).isEqualTo(400);
    }
}
