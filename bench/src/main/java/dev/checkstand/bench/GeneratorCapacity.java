package dev.checkstand.bench;

import static dev.checkstand.bench.report.Report.ms;
import static dev.checkstand.bench.report.Report.num;

import dev.checkstand.bench.load.LoadGenerator;
import dev.checkstand.bench.load.NullServer;
import dev.checkstand.bench.load.Requests;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The load generator's own limits: the same webhook-sized requests against a server that answers at once, on the
 * same two cores. A figure near these numbers would say more about the generator than about the service.
 */
final class GeneratorCapacity {

    private GeneratorCapacity() {
    }

    static void run(Bench bench) throws Exception {
        bench.log("load generator capacity against a null server");
        byte[] body = new byte[2600];
        Arrays.fill(body, (byte) 'x');
        byte[] request = Requests.post("/api/payments/webhook", "application/json",
                Map.of("Stripe-Signature", "t=1,v1=" + "0".repeat(64)), body);
        try (NullServer server = new NullServer()) {
            LoadGenerator load = new LoadGenerator("localhost", server.port(), 10_000);
            int n = bench.options().scaled(200_000, 50_000);
            byte[][] requests = new byte[n][];
            Arrays.fill(requests, request);
            load.closedLoop(Arrays.copyOf(requests, n / 10), WebhookTraffic.CLIENTS, Duration.ofSeconds(10));
            Machine.Window window = bench.machine().begin();
            LoadGenerator.Run closed = load.closedLoop(requests, WebhookTraffic.CLIENTS, Duration.ofSeconds(8));
            Machine.Conditions closedConditions = window.end();
            int openRate = 4000;
            byte[][] open = Arrays.copyOf(requests, openRate * bench.options().scaled(5, 2));
            window = bench.machine().begin();
            LoadGenerator.Run openRun = load.openLoop(open, openRate, 64, Duration.ofSeconds(5));
            Machine.Conditions openConditions = window.end();
            StringBuilder s = bench.report().section("Load generator limits");
            s.append("""
                    The generator is a keep-alive HTTP/1.1 client on raw sockets with pre-built, pre-signed requests \
                    (no `java.net.http`, no per-request allocation beyond the answer), one platform thread per \
                    connection. Against a server that answers at once (same JVM, same two cores), with %s-byte \
                    webhook-sized requests:

                    | mode | rate | p50 | p99 | max | conditions |
                    |---|---|---|---|---|---|
                    | closed loop, %d clients | %s /s | %s | %s | %s | %s |
                    | open loop at %d /s | %s /s | %s | %s | %s | %s |

                    These are the ceilings of what this harness can measure on this machine; every service figure \
                    below is well under them, and their latency floor is the generator's own p99 above.

                    """.formatted(request.length, WebhookTraffic.CLIENTS, num(closed.throughput()), ms(closed.latency().p50()),
                    ms(closed.latency().p99()), ms(closed.latency().maxMillis()), closedConditions.describe(), openRate,
                    num(openRun.throughput()), ms(openRun.latency().p50()), ms(openRun.latency().p99()),
                    ms(openRun.latency().maxMillis()), openConditions.describe()));
        }
    }
}
