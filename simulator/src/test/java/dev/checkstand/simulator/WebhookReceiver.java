package dev.checkstand.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook endpoint for tests: records what it is sent and answers with queued statuses, then 200. */
final class WebhookReceiver implements AutoCloseable {

  /** One request as received: the headers the simulator must set, the raw body, and when it arrived. */
  record Received(String signature, String contentType, String userAgent, String body, Instant at) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  static WebhookReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      WebhookReceiver receiver = new WebhookReceiver(server);
      server.createContext("/webhooks", exchange -> {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        receiver.received.add(new Received(
            exchange.getRequestHeaders().getFirst("Stripe-Signature"),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("User-Agent"),
            body, Instant.now()));
        Integer status = receiver.statuses.poll();
        int code = status == null ? 200 : status;
        if (code / 100 == 3) {
          exchange.getResponseHeaders().set("Location", receiver.url());
        }
        exchange.sendResponseHeaders(code, -1);
        exchange.close();
      });
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers the next requests with these statuses, in order. */
  WebhookReceiver respondWith(int... codes) {
    for (int code : codes) {
      statuses.add(code);
    }
    return this;
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/webhooks";
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  /** Requests whose body mentions {@code text}, e.g. an event id. */
  List<Received> receivedMentioning(String text) {
    List<Received> matching = new ArrayList<>();
    for (Received request : received) {
      if (request.body().contains(text)) {
        matching.add(request);
      }
    }
    return matching;
  }

  /** When the first request mentioning {@code text} arrived. */
  Instant arrivalOf(String text) {
    return receivedMentioning(text).get(0).at();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
