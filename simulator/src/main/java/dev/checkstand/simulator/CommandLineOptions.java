package dev.checkstand.simulator;

import java.time.Duration;
import java.util.Arrays;

/** Reading the standalone simulators' command lines: {@code --option value} pairs, their values and the fault options both share. */
public final class CommandLineOptions {

  /** Takes one {@code --option value} pair; throws IllegalArgumentException naming a mistake. */
  @FunctionalInterface
  public interface Option {
    void accept(String option, String value);
  }

  private CommandLineOptions() {}

  /** Whether {@code --help} or {@code -h} is anywhere in {@code args}. */
  public static boolean asksForHelp(String[] args) {
    return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
  }

  /** Hands each {@code --option value} pair of {@code args} to {@code option}, in order; an option without a value is a mistake. */
  public static void forEachOption(String[] args, Option option) {
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Missing value for " + args[i]);
      }
      option.accept(args[i], args[i + 1]);
    }
  }

  /**
   * Like {@link #forEachOption(String[], Option)}, the fault options both simulators take going to {@code faults}
   * (see {@link #faultOption}) and the others to {@code option}.
   */
  public static void forEachOption(String[] args, FaultSwitches<?> faults, Option option) {
    forEachOption(args, (name, value) -> {
      if (!faultOption(faults, name, value)) {
        option.accept(name, value);
      }
    });
  }

  /**
   * Applies {@code option} to {@code faults} if it is one of the fault options both simulators take
   * ({@code --webhook-drop-rate}, {@code --webhook-duplicate-rate}, {@code --webhook-reorder}, {@code --webhook-delay-ms},
   * {@code --api-error-rate}, {@code --api-error-status}, {@code --answer-lost-rate}, {@code --latency-ms}); answers
   * whether it was.
   */
  public static boolean faultOption(FaultSwitches<?> faults, String option, String value) {
    switch (option) {
      case "--webhook-drop-rate" -> faults.webhookDropRate(number(option, value));
      case "--webhook-duplicate-rate" -> faults.webhookDuplicateRate(number(option, value));
      case "--webhook-reorder" -> faults.webhookReorder(bool(option, value));
      case "--webhook-delay-ms" -> faults.webhookDelay(millis(option, value));
      case "--api-error-rate" -> faults.apiErrorRate(number(option, value));
      case "--api-error-status" -> faults.apiErrorStatus(integer(option, value));
      case "--answer-lost-rate" -> faults.answerLostRate(number(option, value));
      case "--latency-ms" -> faults.latency(millis(option, value));
      default -> {
        return false;
      }
    }
    return true;
  }

  /** {@code value} as an int. */
  public static int integer(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, was " + value, e);
    }
  }

  /** {@code value} as a double. */
  public static double number(String option, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, was " + value, e);
    }
  }

  /** {@code value} as milliseconds. */
  public static Duration millis(String option, String value) {
    return Duration.ofMillis(integer(option, value));
  }

  /** {@code value}, {@code true} or {@code false}. */
  public static boolean bool(String option, String value) {
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(option + " must be true or false, was " + value);
    }
    return Boolean.parseBoolean(value);
  }
}
