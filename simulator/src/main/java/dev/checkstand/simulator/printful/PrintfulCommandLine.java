package dev.checkstand.simulator.printful;

import static dev.checkstand.simulator.CommandLineOptions.integer;

import dev.checkstand.simulator.CommandLineOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.Consumer;

/** Reads the standalone Printful simulator's command line. */
final class PrintfulCommandLine {

  static final String USAGE = "Usage: java -cp stripe-simulator.jar"
      + " dev.checkstand.simulator.printful.PrintfulSimulator [--help] [--port 12112] [--token TOKEN]"
      + " [--store-id N] [--webhook-url URL] [--webhook-drop-rate P] [--webhook-duplicate-rate P]"
      + " [--webhook-reorder true|false] [--webhook-delay-ms MS] [--api-error-rate P]"
      + " [--api-error-status 500|503] [--answer-lost-rate P] [--latency-ms MS]"
      + " [--rate-limit N|printful|off] [--costs-calculating N] [--costs-calculating-seconds S]";

  private PrintfulCommandLine() {}

  /** Help goes to {@code out} (0), a mistake and the usage to {@code err} (2); otherwise the builder goes to {@code start}. */
  static OptionalInt run(String[] args, PrintStream out, PrintStream err,
      Consumer<PrintfulSimulator.Builder> start) {
    if (CommandLineOptions.asksForHelp(args)) {
      out.println(USAGE);
      return OptionalInt.of(0);
    }
    PrintfulSimulator.Builder builder;
    try {
      builder = parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return OptionalInt.of(2);
    }
    start.accept(builder);
    return OptionalInt.empty();
  }

  static PrintfulSimulator.Builder parse(String[] args) {
    PrintfulSimulator.Builder builder = PrintfulSimulator.builder();
    PrintfulFaults faults = new PrintfulFaults();
    builder.faults(faults);
    CommandLineOptions.forEachOption(args, faults, (option, value) -> {
      switch (option) {
        case "--port" -> builder.port(integer(option, value));
        case "--token" -> builder.token(value);
        case "--store-id" -> builder.storeId(integer(option, value));
        case "--webhook-url" -> builder.webhookUrl(value);
        case "--rate-limit" -> faults.rateLimit(PrintfulControlRoutes.rateLimit(value));
        case "--costs-calculating" -> faults.costsCalculating(integer(option, value));
        case "--costs-calculating-seconds" -> faults.costsCalculatingFor(Duration.ofSeconds(integer(option, value)));
        default -> throw new IllegalArgumentException("Unknown option " + option);
      }
    });
    return builder;
  }
}
