package dev.checkstand.simulator;

import static dev.checkstand.simulator.CommandLineOptions.bool;
import static dev.checkstand.simulator.CommandLineOptions.integer;
import static dev.checkstand.simulator.CommandLineOptions.millis;

import java.io.PrintStream;
import java.util.OptionalInt;
import java.util.function.Consumer;

/** Reads the standalone simulator's command line: a {@link StripeSimulator.Builder} to start, a request for help, or a mistake. */
final class CommandLine {

  /** What the command line asks for. */
  sealed interface Request permits Start, Help, Mistake {}

  /** Start a simulator configured by {@code builder}. */
  record Start(StripeSimulator.Builder builder) implements Request {}

  /** Print the usage and exit 0. */
  record Help() implements Request {}

  /** Print {@code message} and the usage to stderr and exit 2. */
  record Mistake(String message) implements Request {}

  static final String USAGE = "Usage: java -jar stripe-simulator.jar [--help] [--port 12111]"
      + " [--webhook-url URL] [--webhook-secret whsec_...] [--connect-webhook-url URL]"
      + " [--connect-webhook-secret whsec_...] [--secret-key sk_test_...]"
      + " [--publishable-key pk_test_...] [--webhook-v0 true|false] [--store-capacity N]"
      + " [--webhook-drop-rate P] [--webhook-duplicate-rate P] [--webhook-reorder true|false]"
      + " [--webhook-delay-ms MS] [--api-error-rate P] [--api-error-status 500|503]"
      + " [--answer-lost-rate P] [--answer-lost-delay-ms MS] [--latency-ms MS]"
      + " [--rate-limit N|live|test|off] [--event-api-version VERSION]";

  private CommandLine() {}

  /** Reads {@code args}; {@code --help} or {@code -h} anywhere asks for help, any other mistake is named. */
  static Request read(String[] args) {
    if (CommandLineOptions.asksForHelp(args)) {
      return new Help();
    }
    try {
      return new Start(parse(args));
    } catch (IllegalArgumentException e) {
      return new Mistake(e.getMessage());
    }
  }

  /**
   * Answers {@code args}: help goes to {@code out} (status 0), a mistake and the usage to {@code err} (status 2);
   * otherwise the configured builder goes to {@code start} and there is no status to exit with.
   */
  static OptionalInt run(String[] args, PrintStream out, PrintStream err,
      Consumer<StripeSimulator.Builder> start) {
    Request request = read(args);
    if (request instanceof Help) {
      out.println(USAGE);
      return OptionalInt.of(0);
    }
    if (request instanceof Mistake mistake) {
      err.println(mistake.message());
      err.println(USAGE);
      return OptionalInt.of(2);
    }
    start.accept(((Start) request).builder());
    return OptionalInt.empty();
  }

  /** The builder {@code args} configure; throws IllegalArgumentException naming a mistake. */
  static StripeSimulator.Builder parse(String[] args) {
    StripeSimulator.Builder builder = StripeSimulator.builder();
    Faults faults = new Faults();
    builder.faults(faults);
    CommandLineOptions.forEachOption(args, faults, (option, value) -> {
      switch (option) {
        case "--port" -> builder.port(integer(option, value));
        case "--webhook-url" -> builder.webhookUrl(value);
        case "--webhook-secret" -> builder.webhookSecret(value);
        case "--connect-webhook-url" -> builder.connectWebhookUrl(value);
        case "--connect-webhook-secret" -> builder.connectWebhookSecret(value);
        case "--secret-key" -> builder.secretKey(value);
        case "--publishable-key" -> builder.publishableKey(value);
        case "--webhook-v0" -> builder.webhookV0Signature(bool(option, value));
        case "--store-capacity" -> builder.storeCapacity(integer(option, value));
        case "--answer-lost-delay-ms" -> faults.answerLostDelay(millis(option, value));
        case "--rate-limit" -> faults.rateLimit(FaultsJson.rateLimit(value));
        case "--event-api-version" -> faults.eventApiVersion(value);
        default -> throw new IllegalArgumentException("Unknown option " + option);
      }
    });
    return builder;
  }
}
