package dev.checkstand.simulator.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** A path such as {@code /v1/payment_intents/{id}/confirm}, matched segment by segment. */
public final class PathTemplate {

  private final String template;
  private final String[] segments;

  /** Parses {@code template}; {@code {name}} segments match any non-empty segment. */
  public PathTemplate(String template) {
    this.template = template;
    this.segments = template.split("/", -1);
  }

  /** The template text. */
  public String template() {
    return template;
  }

  /** The values of the {@code {name}} segments if {@code path} matches, else null. */
  public Map<String, String> match(String path) {
    return match(segments(path));
  }

  /** The path split as templates are, so one split serves many templates. */
  public static String[] segments(String path) {
    return path.split("/", -1);
  }

  /** Like {@link #match(String)}, for a path already split by {@link #segments}. */
  public Map<String, String> match(String[] actual) {
    if (segments.length != actual.length) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 0; i < segments.length; i++) {
      String expected = segments[i];
      if (expected.startsWith("{") && expected.endsWith("}") && !actual[i].isEmpty()) {
        if (params == null) {
          params = new LinkedHashMap<>();
        }
        params.put(expected.substring(1, expected.length() - 1), actual[i]);
      } else if (!expected.equals(actual[i])) {
        return null;
      }
    }
    return params == null ? Map.of() : Map.copyOf(params);
  }
}
