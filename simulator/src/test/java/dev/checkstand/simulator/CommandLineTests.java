package dev.checkstand.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CommandLineTests {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<StripeSimulator.Builder> started = new ArrayList<>();

  @Test
  void helpPrintsTheUsageAndExitsZeroWithoutStarting() {
    assertThat(run("--help")).hasValue(0);
    assertThat(run("-h")).hasValue(0);
    assertThat(run("--port", "0", "--help")).hasValue(0);

    assertThat(text(out)).startsWith("Usage: java -jar stripe-simulator.jar").contains("--webhook-secret");
    assertThat(text(err)).isEmpty();
    assertThat(started).isEmpty();
  }

  @Test
  void unknownOptionExitsTwoWithTheUsageOnStderr() {
    assertThat(run("--colour", "blue")).hasValue(2);

    assertThat(text(err)).startsWith("Unknown option --colour").contains("Usage: java -jar stripe-simulator.jar");
    assertThat(text(out)).isEmpty();
    assertThat(started).isEmpty();
  }

  @Test
  void missingOrMalformedValueExitsTwoNamingTheOption() {
    assertThat(run("--port")).hasValue(2);
    assertThat(run("--port", "twelve")).hasValue(2);
    assertThat(run("--webhook-drop-rate", "2")).hasValue(2);

    assertThat(text(err)).contains("Missing value for --port").contains("--port must be a number, was twelve")
        .contains("webhookDropRate");
    assertThat(started).isEmpty();
  }

  @Test
  void validOptionsStartTheSimulatorAndLeaveItRunning() {
    assertThat(run("--port", "0", "--webhook-secret", "whsec_cli")).isEmpty();

    assertThat(started).hasSize(1);
    assertThat(text(out)).isEmpty();
    assertThat(text(err)).isEmpty();
  }

  @Test
  void theConnectEndpointOptionsConfigureItsUrlAndSecret() {
    assertThat(run("--port", "0", "--connect-webhook-url", "http://localhost:9/connect",
        "--connect-webhook-secret", "whsec_connect")).isEmpty();
    assertThat(run("--connect-webhook-secret", "nope")).hasValue(2);

    StripeSimulator.Builder builder = started.get(0);
    assertThat(builder.connectWebhookUrl).isEqualTo("http://localhost:9/connect");
    assertThat(builder.connectWebhookSecret).isEqualTo("whsec_connect");
    assertThat(text(err)).contains("connectWebhookSecret must start with whsec_");
  }

  private OptionalInt run(String... args) {
    return CommandLine.run(args, print(out), print(err), started::add);
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
