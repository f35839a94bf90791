package dev.checkstand.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator serves its Stripe.js stand-in where a page expects {@code https://js.stripe.com/v3/}. */
class StripeJsScriptTests {

  private StripeSimulator simulator;

  @BeforeEach
  void start() {
    simulator = StripeSimulator.builder().port(0).start();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void v3IsJavaScriptThatCallsTheSimulatorWithTheTestCardTable() {
    HttpResponse<String> script = Clients.send(Clients.request(simulator, "/v3/"));

    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(script.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(script.body())
        .contains("window.Stripe = Stripe")
        .contains("\"apiBase\":\"" + simulator.baseUrl() + "\"")
        .contains("\"4242424242424242\":\"pm_card_visa\"", "\"4000000000000002\":\"pm_card_chargeDeclined\"")
        .doesNotContain("__SIMULATOR_CONFIG__");
  }

  @Test
  void withoutTheSlashItIsTheSameScriptAndHeadAnswersWithoutABody() {
    HttpResponse<String> withSlash = Clients.send(Clients.request(simulator, "/v3/"));
    HttpResponse<String> withoutSlash = Clients.send(Clients.request(simulator, "/v3"));
    HttpResponse<String> head = Clients.send(Clients.request(simulator, "/v3/")
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertThat(withoutSlash.statusCode()).isEqualTo(200);
    assertThat(withoutSlash.body()).isEqualTo(withSlash.body());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void theScriptCallsTheHostTheBrowserLoadedItFrom() {
    URI loopback = URI.create("http://127.0.0.1:" + simulator.port() + "/v3/");

    HttpResponse<String> script = Clients.send(HttpRequest.newBuilder(loopback));

    assertThat(script.body()).contains("\"apiBase\":\"http://127.0.0.1:" + simulator.port() + "\"");
  }

  @Test
  void aHostHeaderThatIsNoHostFallsBackToTheSimulatorsBaseUrl() throws IOException {
    String answer = rawGet("/v3/", "shop.example\"};alert(1);//");

    assertThat(answer).startsWith("HTTP/1.1 200")
        .contains("\"apiBase\":\"" + simulator.baseUrl() + "\"")
        .doesNotContain("alert(1)");
  }

  @Test
  void otherPathsAndMethodsAreRefused() {
    HttpResponse<String> other = Clients.send(Clients.request(simulator, "/v3/elements.js"));
    HttpResponse<String> posted = Clients.send(Clients.request(simulator, "/v3/")
        .POST(HttpRequest.BodyPublishers.ofString("x=1")));

    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(posted.statusCode()).isEqualTo(405);
    assertThat(posted.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  /** A GET with a Host header that java.net.http would not send. */
  private String rawGet(String path, String host) throws IOException {
    try (Socket socket = new Socket("localhost", simulator.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
