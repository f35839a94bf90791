package dev.checkstand.simulator.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stripe's {@code metadata} parameter rules: string values, limits, and empty strings that unset. */
public final class Metadata {

  private static final int MAX_KEYS = 50;
  private static final int MAX_KEY_LENGTH = 40;
  private static final int MAX_VALUE_LENGTH = 500;

  private Metadata() {}

  /** {@code current} after the {@code metadata} parameter: {@code metadata=} clears, an empty value unsets a key. */
  public static Map<String, String> apply(Map<String, String> current, Object parameter) {
    Map<String, String> result = new LinkedHashMap<>(current);
    if (parameter == null) {
      return result;
    }
    if ("".equals(parameter)) {
      return new LinkedHashMap<>();
    }
    for (Map.Entry<String, Object> entry : entries(parameter).entrySet()) {
      String key = entry.getKey();
      if (!(entry.getValue() instanceof String)) {
        throw invalid("Invalid value for metadata[" + key + "]: must be a string");
      }
      String value = (String) entry.getValue();
      if (key.length() > MAX_KEY_LENGTH) {
        throw invalid("Metadata keys can have up to " + MAX_KEY_LENGTH + " characters, but you"
            + " passed in a key that is " + key.length() + " characters: " + key);
      }
      if (value.length() > MAX_VALUE_LENGTH) {
        throw invalid("Metadata values can have up to " + MAX_VALUE_LENGTH + " characters, but you"
            + " passed in a value that is " + value.length() + " characters for key " + key);
      }
      if (value.isEmpty()) {
        result.remove(key);
      } else {
        result.put(key, value);
      }
    }
    if (result.size() > MAX_KEYS) {
      throw invalid("Metadata can have up to " + MAX_KEYS + " keys, but it would have "
          + result.size() + " keys");
    }
    return result;
  }

  private static Map<String, Object> entries(Object parameter) {
    Map<String, Object> entries = new LinkedHashMap<>();
    if (parameter instanceof Map) {
      ((Map<?, ?>) parameter).forEach((key, value) -> entries.put((String) key, value));
    } else if (parameter instanceof List) {
      // Numeric keys (metadata[0]=...) decode as a list; they are still keys.
      List<?> list = (List<?>) parameter;
      for (int i = 0; i < list.size(); i++) {
        entries.put(String.valueOf(i), list.get(i));
      }
    } else {
      throw invalid("Invalid metadata: must be a hash of string keys to string values");
    }
    return entries;
  }

  private static ApiError invalid(String message) {
    return ApiError.invalidRequest(message, "metadata", null);
  }
}
