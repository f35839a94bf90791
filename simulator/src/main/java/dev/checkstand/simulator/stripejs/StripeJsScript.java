package dev.checkstand.simulator.stripejs;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.payments.TestCardNumbers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Stripe.js stand-in's source: {@code stripe-v3.js} beside this class, with the simulator's details written into
 * it where it says {@value #PLACEHOLDER}: the API base the browser should call and the test card table. Filling them
 * in here keeps the card table in one place ({@link TestCardNumbers}) and lets the script work wherever it is loaded
 * from.
 */
final class StripeJsScript {

  static final String PLACEHOLDER = "__SIMULATOR_CONFIG__";
  private static final String RESOURCE = "stripe-v3.js";

  private final String template;

  private StripeJsScript(String template) {
    int first = template.indexOf(PLACEHOLDER);
    if (first < 0 || template.indexOf(PLACEHOLDER, first + 1) >= 0) {
      throw new IllegalStateException(RESOURCE + " must contain " + PLACEHOLDER + " exactly once");
    }
    this.template = template;
  }

  /** Reads the script from the class path; fails at once if it is missing or has no single placeholder. */
  static StripeJsScript load() {
    try (InputStream in = StripeJsScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return new StripeJsScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  /** The script for a page that reaches the simulator at {@code apiBase} (e.g. {@code http://localhost:12111}). */
  String render(String apiBase) {
    JsonObject config = new JsonObject();
    config.addProperty("apiBase", apiBase);
    config.add("testCards", Json.strings(TestCardNumbers.aliasesByNumber()));
    return template.replace(PLACEHOLDER, Json.write(config));
  }
}
