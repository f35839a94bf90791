package dev.checkstand.simulator.printful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import org.junit.jupiter.api.Test;

/** Runs the Printful simulator from target/stripe-simulator.jar as a separate process, as the README tells people to. */
class PrintfulStandaloneJarIT {

  private static final Pattern LISTENING = Pattern.compile("listening on (http://localhost:[0-9]+)");

  private final PrintfulWebhookReceiver receiver = PrintfulWebhookReceiver.start();
  private Process process;

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroy();
    }
    receiver.close();
  }

  @Test
  void theJarServesPrintfulClientsWithTheGivenTokenAndStoreAndSendsWebhooks() throws Exception {
    process = jar("--port", "0", "--token", "pf_standalone", "--store-id", "77", "--webhook-url", receiver.url())
        .redirectErrorStream(true).start();
    AtomicReference<String> baseUrl = new AtomicReference<>();
    Thread reader = new Thread(() -> readBaseUrl(baseUrl), "printful-standalone-log");
    reader.setDaemon(true);
    reader.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> baseUrl.get() != null);
    PrintfulClient printful = new PrintfulClient(baseUrl.get(), "Bearer pf_standalone", "77");

    long id = printful.post("/orders?confirm=true", PrintfulClient.order("CS-1", PrintfulSimulator.MUG_CLASSIC))
        .result().get("id").getAsLong();
    printful.control("POST", "/_sim/orders/" + id + "/ship", "{\"trackingNumber\":\"TRK-1\"}");

    assertThat(printful.withAuthorization("Bearer nope").get("/orders").status()).isEqualTo(401);
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.ofType("package_shipped").size() == 1);
    assertThat(receiver.ofType("package_shipped").get(0).get("store").getAsLong()).isEqualTo(77);
  }

  @Test
  void unknownOptionExitsTwoWithTheUsageOnStderr() throws Exception {
    process = jar("--colour", "blue").start();

    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .startsWith("Unknown option --colour").contains("dev.checkstand.simulator.printful.PrintfulSimulator");
  }

  private static ProcessBuilder jar(String... args) {
    Path jar = Paths.get(System.getProperty("standaloneJar", "target/stripe-simulator.jar"));
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", jar.toString(),
        "dev.checkstand.simulator.printful.PrintfulSimulator"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  private void readBaseUrl(AtomicReference<String> baseUrl) {
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
