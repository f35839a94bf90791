package dev.checkstand.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.support.Api;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.RawHttp;
import dev.checkstand.support.ServiceInstance;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrderStatusStreamLimitsIntegrationTests {

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("streams");

    private final List<Socket> clients = new ArrayList<>();

    @AfterEach
    void closeClients() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
    }

    @Test
    void aStreamWhoseClientDisconnectedIsReleased() throws IOException {
        ServiceInstance instance = instances.start("--checkstand.streams.heartbeat=200ms");
        String orderId = newOrder(instance);
        Socket client = openStream(instance, orderId);
        await().atMost(Duration.ofSeconds(30)).until(() -> openStreams(instance) == 1);

        client.close();

        await().atMost(Duration.ofSeconds(60)).until(() -> openStreams(instance) == 0);
    }

    @Test
    void streamsBeyondThePerOrderOrPerInstanceCapAreRefusedWithRetryAfter() throws IOException {
        ServiceInstance instance = instances.start("--checkstand.streams.max-per-order=2",
                "--checkstand.streams.max-open=3");
        String first = newOrder(instance);
        String second = newOrder(instance);
        openStream(instance, first);
        openStream(instance, first);

        RawHttp.Response thirdOnOneOrder = refusedStream(instance, first);
        openStream(instance, second);
        RawHttp.Response fourthOnTheInstance = refusedStream(instance, second);

        for (RawHttp.Response refused : List.of(thirdOnOneOrder, fourthOnTheInstance)) {
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.body()).contains("\"code\":\"too_many_streams\"");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
        }
        assertThat(openStreams(instance)).isEqualTo(3);
    }

    @Test
    void anInstanceWithOpenStreamsCompletesThemWhenItStops() throws IOException {
        ServiceInstance instance = instances.start();
        String orderId = newOrder(instance);
        Socket one = openStream(instance, orderId);
        Socket two = openStream(instance, orderId);

        // Before, graceful shutdown waited its whole 30 s for the streams and then cut them off.
        instances.stop(instance);

        // The last chunk of a chunked body: the service ended the stream itself rather than dropping the connection.
        assertThat(RawHttp.readAll(one.getInputStream())).endsWith("0\r\n\r\n");
        assertThat(RawHttp.readAll(two.getInputStream())).endsWith("0\r\n\r\n");
    }

    private static String newOrder(ServiceInstance instance) {
        Api.Response checkout = instance.api().post("/api/create-payment-intent",
                Checkouts.oneMugToLondon(instances.jdbc()).body());
        assertThat(checkout.status()).isEqualTo(201);
        return checkout.text("orderId");
    }

    // Sends the request and waits for the first event, so the stream is open when this returns.
    private Socket openStream(ServiceInstance instance, String orderId) throws IOException {
        Socket socket = RawHttp.connect(instance.port(), "127.0.0.1");
        clients.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/orders/" + orderId + "/sync-status HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept: text/event-stream\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        BufferedReader lines = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1);
        assertThat(lines.readLine()).startsWith("HTTP/1.1 200");
        String line;
        do {
            line = lines.readLine();
        } while (line != null && !line.startsWith("data:"));
        assertThat(line).as("first event").isNotNull();
        return socket;
    }

    private static RawHttp.Response refusedStream(ServiceInstance instance, String orderId) {
        return RawHttp.get(instance.port(), "127.0.0.1", "/api/orders/" + orderId + "/sync-status",
                Map.of("Accept", "text/event-stream"));
    }

    private static double openStreams(ServiceInstance instance) {
        return instance.bean(MeterRegistry.class).get("checkstand.streams.open").gauge().value();
    }
}
