package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Instances;
import dev.checkstand.support.RawHttp;
import dev.checkstand.support.ServiceInstance;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SlowRequestBodyIntegrationTests {

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("slow-body");

    private static final byte[] BODY = ("{\"checkoutId\":\"co_slowloris_0000000000\",\"email\":\"slow@example.com\","
            + "\"items\":[],\"note\":\"one byte a second\"}").getBytes(StandardCharsets.US_ASCII);

    @Test
    void aBodyTricklingInIsCutOffBeforeTheClientFinishesSendingIt() throws IOException {
        ServiceInstance instance = instances.start("--checkstand.web.body-read-timeout=1s");
        AtomicInteger sent = new AtomicInteger();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (Socket socket = RawHttp.connect(instance.port(), "127.0.0.1")) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/create-payment-intent HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + BODY.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            trickle.scheduleAtFixedRate(() -> {
                int next = sent.get();
                if (next < BODY.length) {
                    try {
                        out.write(BODY[next]);
                        out.flush();
                        sent.incrementAndGet();
                    } catch (IOException closedByTheService) {
                        trickle.shutdown();
                    }
                }
            }, 0, 1, TimeUnit.SECONDS);

            String answer = RawHttp.readUntilClosed(socket.getInputStream());

            assertThat(sent.get()).as("bytes the client had sent when the service was done").isLessThan(BODY.length);
            // Closing with the client's bytes unread may reset the connection before the answer is read: both are fine.
            if (!answer.isEmpty()) {
                assertThat(RawHttp.Response.parse(answer).status()).isEqualTo(408);
                assertThat(answer).contains("\"code\":\"request_timeout\"");
            }
        } finally {
            trickle.shutdownNow();
        }
    }
}
