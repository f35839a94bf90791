package dev.checkstand.simulator;

/** Reads the standalone simulator's command line into a {@link StripeSimulator.Builder}. */
final class CommandLine {

  static final String USAGE = "Usage: StripeSimulator [--port 12111] [--webhook-url URL]"
      + " [--webhook-secret whsec_...] [--secret-key sk_test_...] [--publishable-key pk_test_...]";

  private CommandLine() {}

  static StripeSimulator.Builder parse(String[] args) {
    StripeSimulator.Builder builder = StripeSimulator.builder();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Missing value for " + args[i] + ". " + USAGE);
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--port":
          builder.port(port(value));
          break;
        case "--webhook-url":
          builder.webhookUrl(value);
          break;
        case "--webhook-secret":
          builder.webhookSecret(value);
          break;
        case "--secret-key":
          builder.secretKey(value);
          break;
        case "--publishable-key":
          builder.publishableKey(value);
          break;
        default:
          throw new IllegalArgumentException("Unknown option " + args[i] + ". " + USAGE);
      }
    }
    return builder;
  }

  private static int port(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number, was " + value + ". " + USAGE, e);
    }
  }
}
