package dev.checkstand.simulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
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
      + " [--webhook-url URL] [--webhook-secret whsec_...] [--secret-key sk_test_...]"
      + " [--publishable-key pk_test_...] [--webhook-v0 true|false] [--store-capacity N]"
      + " [--webhook-drop-rate P] [--webhook-duplicate-rate P] [--webhook-reorder true|false]"
      + " [--webhook-delay-ms MS] [--api-error-rate P] [--api-error-status 500|503]"
      + " [--answer-lost-rate P] [--answer-lost-delay-ms MS] [--latency-ms MS]"
      + " [--rate-limit N|live|test|off] [--event-api-version VERSION]";

  private CommandLine() {}

  /** Reads {@code args}; {@code --help} or {@code -h} anywhere asks for help, any other mistake is named. */
  static Request read(String[] args) {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
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
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Missing value for " + args[i]);
      }
      String option = args[i];
      String value = args[i + 1];
      switch (option) {
        case "--port" -> builder.port(integer(option, value));
        case "--webhook-url" -> builder.webhookUrl(value);
        case "--webhook-secret" -> builder.webhookSecret(value);
        case "--secret-key" -> builder.secretKey(value);
        case "--publishable-key" -> builder.publishableKey(value);
        case "--webhook-v0" -> builder.webhookV0Signature(bool(option, value));
        case "--store-capacity" -> builder.storeCapacity(integer(option, value));
        case "--webhook-drop-rate" -> faults.webhookDropRate(number(option, value));
        case "--webhook-duplicate-rate" -> faults.webhookDuplicateRate(number(option, value));
        case "--webhook-reorder" -> faults.webhookReorder(bool(option, value));
        case "--webhook-delay-ms" -> faults.webhookDelay(millis(option, value));
        case "--api-error-rate" -> faults.apiErrorRate(number(option, value));
        case "--api-error-status" -> faults.apiErrorStatus(integer(option, value));
        case "--answer-lost-rate" -> faults.answerLostRate(number(option, value));
        case "--answer-lost-delay-ms" -> faults.answerLostDelay(millis(option, value));
        case "--latency-ms" -> faults.latency(millis(option, value));
        case "--rate-limit" -> faults.rateLimit(FaultsJson.rateLimit(value));
        case "--event-api-version" -> faults.eventApiVersion(value);
        default -> throw new IllegalArgumentException("Unknown option " + option + "");
      }
    }
    return builder;
  }

  private static int integer(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, was " + value + "", e);
    }
  }

  private static double number(String option, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, was " + value + "", e);
    }
  }

  private static Duration millis(String option, String value) {
    return Duration.ofMillis(integer(option, value));
  }

  private static boolean bool(String option, String value) {
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(option + " must be true or false, was " + value + "");
    }
    return Boolean.parseBoolean(value);
  }
}
