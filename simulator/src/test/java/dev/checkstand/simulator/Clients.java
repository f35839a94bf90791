package dev.checkstand.simulator;

import com.stripe.StripeClient;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test fixtures: stripe-java clients and raw HTTP calls against a simulator. */
final class Clients {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Clients() {}

  static StripeClient stripe(StripeSimulator simulator) {
    return stripe(simulator, simulator.secretKey());
  }

  static StripeClient stripe(StripeSimulator simulator, String apiKey) {
    return StripeClient.builder().setApiKey(apiKey).setApiBase(simulator.baseUrl()).build();
  }

  static RequestOptions idempotencyKey(String key) {
    return RequestOptions.builder().setIdempotencyKey(key).build();
  }

  static PaymentIntentCreateParams.Builder twentyDollars() {
    return PaymentIntentCreateParams.builder().setAmount(2000L).setCurrency("usd");
  }

  static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpRequest.Builder request(StripeSimulator simulator, String path) {
    return HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path));
  }
}
