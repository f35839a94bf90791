package dev.checkstand.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A shop on its own origin for the browser tests: {@code /checkout} is a static checkout page that loads the
 * simulator's {@code /v3/} and pays with a card or payment Element; {@code /return} is where confirmPayment lands.
 */
final class TestShop implements AutoCloseable {

  private final HttpServer server;
  private final String checkoutPage;

  private TestShop(HttpServer server, String checkoutPage) {
    this.server = server;
    this.checkoutPage = checkoutPage;
  }

  /** Serves the shop on a free port, its page loading the Stripe.js stand-in from {@code simulatorBaseUrl}. */
  static TestShop start(String simulatorBaseUrl) {
    String page;
    try (InputStream in = TestShop.class.getResourceAsStream("checkout.html")) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("__SIMULATOR__", simulatorBaseUrl);
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      TestShop shop = new TestShop(server, page);
      server.createContext("/checkout", exchange -> send(exchange, shop.checkoutPage));
      server.createContext("/return", exchange -> send(exchange,
          "<!DOCTYPE html><html lang=\"en\"><head><title>Order</title></head><body><h1>Thank you</h1></body></html>"));
      server.start();
      return shop;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shop's origin, e.g. {@code http://localhost:40123}: another origin than the simulator's. */
  String origin() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  /** The checkout page paying the PaymentIntent with {@code clientSecret}, with a {@code card} or {@code payment} Element. */
  String checkout(String publishableKey, String clientSecret, String mode, String redirect) {
    return origin() + "/checkout?key=" + encode(publishableKey) + "&client_secret=" + encode(clientSecret)
        + "&mode=" + mode + "&redirect=" + redirect;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void send(HttpExchange exchange, String html) throws IOException {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
