package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.net.Webhook;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs target/stripe-simulator.jar as a separate process, as the README tells people to. */
class StandaloneJarIT {

  private static final Pattern LISTENING = Pattern.compile("listening on (http://localhost:[0-9]+)");

  private WebhookReceiver receiver;
  private Process process;

  @BeforeEach
  void start() {
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroy();
    }
    receiver.close();
  }

  @Test
  void theJarServesStripeClientsAndStripeJsAndSignsWebhooksWithTheGivenSecret() throws Exception {
    Path jar = Paths.get(System.getProperty("standaloneJar", "target/stripe-simulator.jar"));
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--port", "0",
        "--webhook-url", receiver.url(), "--webhook-secret", "whsec_standalone")
        .redirectErrorStream(true).start();
    AtomicReference<String> baseUrl = new AtomicReference<>();
    Thread reader = new Thread(() -> readBaseUrl(process, baseUrl), "standalone-log");
    reader.setDaemon(true);
    reader.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> baseUrl.get() != null);

    StripeClient stripe = StripeClient.builder().setApiKey("sk_test_anything")
        .setApiBase(baseUrl.get()).build();
    PaymentIntent paid = stripe.v1().paymentIntents().create(twentyDollars()
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    AuthenticationException refused = catchThrowableOfType(() -> StripeClient.builder()
        .setApiKey("sk_live_nope").setApiBase(baseUrl.get()).build()
        .v1().paymentIntents().retrieve(paid.getId()), AuthenticationException.class);
    HttpResponse<String> stripeJs = Clients.send(HttpRequest.newBuilder(URI.create(baseUrl.get() + "/v3/")));

    assertThat(paid.getStatus()).isEqualTo("succeeded");
    assertThat(refused.getStatusCode()).isEqualTo(401);
    assertThat(stripeJs.statusCode()).isEqualTo(200);
    assertThat(stripeJs.body()).contains("window.Stripe = Stripe", "\"4242424242424242\":\"pm_card_visa\"");
    await().until(() -> receiver.received().size() == 3);
    WebhookReceiver.Received request = receiver.received().get(0);
    Event event = Webhook.constructEvent(request.body(), request.signature(), "whsec_standalone");
    assertThat(event.getId()).startsWith("evt_");
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() throws Exception {
    process = jar("--help").start();

    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(text(process.getInputStream())).startsWith("Usage: java -jar stripe-simulator.jar");
    assertThat(text(process.getErrorStream())).isEmpty();
  }

  @Test
  void unknownOptionExitsTwoWithTheUsageOnStderr() throws Exception {
    process = jar("--colour", "blue").start();

    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(text(process.getErrorStream())).startsWith("Unknown option --colour")
        .contains("Usage: java -jar stripe-simulator.jar");
    assertThat(text(process.getInputStream())).isEmpty();
  }

  private static ProcessBuilder jar(String... args) {
    Path jar = Paths.get(System.getProperty("standaloneJar", "target/stripe-simulator.jar"));
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  private static String text(InputStream stream) throws IOException {
    return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void readBaseUrl(Process process, AtomicReference<String> baseUrl) {
    try (BufferedReader log = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = log.readLine()) != null) {
        Matcher matcher = LISTENING.matcher(line);
        if (matcher.find()) {
          baseUrl.compareAndSet(null, matcher.group(1));
        }
      }
    } catch (IOException closed) {
      // The process ended; the test has what it needs or times out on its own.
    }
  }
}
