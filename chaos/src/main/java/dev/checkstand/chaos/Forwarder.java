package dev.checkstand.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The load balancer in front of the instances, for webhooks: the simulators deliver to it, it passes each delivery
 * (path, body and signature headers as they are) to a random live instance and answers that instance's status; when
 * an instance does not answer it tries one other; 502 when none is live or none answers.
 */
final class Forwarder implements AutoCloseable {

    private static final List<String> HEADERS = List.of("Content-Type", "Stripe-Signature", "User-Agent");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(24);
    private final Supplier<List<String>> liveBaseUrls;
    private final Stats stats;

    Forwarder(Supplier<List<String>> liveBaseUrls, Stats stats) throws IOException {
        this.liveBaseUrls = liveBaseUrls;
        this.stats = stats;
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 200);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String pathAndQuery = exchange.getRequestURI().toString();
        String kind = pathAndQuery.startsWith("/api/printful") ? "printful" : "stripe";
        int status = 502;
        String answer = "no live instance";
        List<String> live = liveBaseUrls.get();
        for (int attempt = 0; attempt < 2 && !live.isEmpty(); attempt++) {
            String base = live.get(ThreadLocalRandom.current().nextInt(live.size()));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            Map<String, String> headers = new HashMap<>();
            for (String name : HEADERS) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null && !name.equals("User-Agent")) {
                    headers.put(name, value);
                }
            }
            Http.Answer forwarded = Http.send(request, headers);
            if (forwarded.status() > 0) {
                status = forwarded.status();
                answer = forwarded.body() == null ? "" : forwarded.body();
                break;
            }
            answer = "instance did not answer: " + forwarded.failure();
            live = liveBaseUrls.get().stream().filter(u -> !u.equals(base)).toList();
        }
        stats.count("webhook." + kind + "." + (status >= 200 && status < 300 ? "2xx" : Integer.toString(status)));
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
