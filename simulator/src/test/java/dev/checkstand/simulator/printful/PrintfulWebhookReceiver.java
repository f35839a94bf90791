package dev.checkstand.simulator.printful;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook URL for tests: records the JSON bodies it is sent and answers with queued statuses, then 200. */
final class PrintfulWebhookReceiver implements AutoCloseable {

  private final HttpServer server;
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();

  private PrintfulWebhookReceiver(HttpServer server) {
    this.server = server;
  }

  static PrintfulWebhookReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      PrintfulWebhookReceiver receiver = new PrintfulWebhookReceiver(server);
      server.createContext("/printful", exchange -> {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        receiver.received.add(JsonParser.parseString(body).getAsJsonObject());
        Integer status = receiver.statuses.poll();
        exchange.sendResponseHeaders(status == null ? 200 : status, -1);
        exchange.close();
      });
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  PrintfulWebhookReceiver respondWith(int... codes) {
    for (int code : codes) {
      statuses.add(code);
    }
    return this;
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/printful";
  }

  /** The webhooks received of {@code type}, in arrival order. */
  List<JsonObject> ofType(String type) {
    return received.stream().filter(body -> body.get("type").getAsString().equals(type)).toList();
  }

  List<JsonObject> all() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
