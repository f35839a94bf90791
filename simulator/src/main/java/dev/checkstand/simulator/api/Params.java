package dev.checkstand.simulator.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The decoded parameters of a request, read with Stripe's validation errors. */
public final class Params {

  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

  private final Map<String, Object> values;
  private final String prefix;

  private Params(Map<String, Object> values, String prefix) {
    this.values = Collections.unmodifiableMap(values);
    this.prefix = prefix;
  }

  /** Top-level parameters, as decoded from a form body or query string. */
  public static Params of(Map<String, Object> values) {
    return new Params(values, null);
  }

  /** The raw decoded values: strings, maps and lists. */
  public Map<String, Object> values() {
    return values;
  }

  /** Whether the parameter was sent at all (possibly empty). */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** Rejects the first parameter that is not among {@code allowed} with {@code parameter_unknown}. */
  public void allowOnly(Set<String> allowed) {
    for (String name : values.keySet()) {
      if (!allowed.contains(name)) {
        throw ApiError.unknownParameter(qualified(name));
      }
    }
  }

  /** The raw value of a parameter, or null. */
  public Object raw(String name) {
    return values.get(name);
  }

  /** A string parameter. */
  public Optional<String> string(String name) {
    Object value = values.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String)) {
      throw ApiError.invalidRequest("Invalid string: " + value, qualified(name), null);
    }
    return Optional.of((String) value);
  }

  /** A string parameter that must be present and not empty. */
  public String requiredString(String name) {
    String value = string(name).orElseThrow(() -> ApiError.parameterMissing(qualified(name)));
    if (value.isEmpty()) {
      throw ApiError.parameterMissing(qualified(name));
    }
    return value;
  }

  /** A string parameter restricted to a set of values. */
  public Optional<String> oneOf(String name, List<String> allowed) {
    Optional<String> value = string(name);
    if (value.isPresent() && !allowed.contains(value.get())) {
      String last = allowed.get(allowed.size() - 1);
      String choices = allowed.size() == 1 ? last
          : String.join(", ", allowed.subList(0, allowed.size() - 1)) + ", or " + last;
      throw ApiError.invalidRequest(
          "Invalid " + qualified(name) + ": must be one of " + choices, qualified(name), null);
    }
    return value;
  }

  /** An integer parameter. */
  public Optional<Long> integer(String name) {
    Optional<String> value = string(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!INTEGER.matcher(value.get()).matches()) {
      throw ApiError.invalidRequest(
          "Invalid integer: " + value.get(), qualified(name), "parameter_invalid_integer");
    }
    return Optional.of(Long.parseLong(value.get()));
  }

  /** An integer parameter that must be present. */
  public long requiredInteger(String name) {
    return integer(name).orElseThrow(() -> ApiError.parameterMissing(qualified(name)));
  }

  /** A boolean parameter: {@code true} or {@code false}. */
  public Optional<Boolean> bool(String name) {
    Optional<String> value = string(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!value.get().equals("true") && !value.get().equals("false")) {
      throw ApiError.invalidRequest("Invalid boolean: " + value.get(), qualified(name), null);
    }
    return Optional.of(Boolean.parseBoolean(value.get()));
  }

  /** A hash parameter such as {@code automatic_payment_methods[enabled]=true}. */
  public Optional<Params> hash(String name) {
    Object value = values.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Map)) {
      throw ApiError.invalidRequest("Invalid object", qualified(name), null);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value;
    return Optional.of(new Params(map, qualified(name)));
  }

  /** An array of strings such as {@code payment_method_types[0]=card}. */
  public Optional<List<String>> strings(String name) {
    Object value = values.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof List)) {
      throw ApiError.invalidRequest("Invalid array", qualified(name), null);
    }
    List<String> strings = new ArrayList<>();
    for (Object item : (List<?>) value) {
      if (!(item instanceof String)) {
        throw ApiError.invalidRequest("Invalid array", qualified(name), null);
      }
      strings.add((String) item);
    }
    return Optional.of(List.copyOf(strings));
  }

  /** The {@code expand} list, empty when not sent. */
  public List<String> expand() {
    return strings("expand").orElse(List.of());
  }

  /** Refuses, before any side effect, an {@code expand[]} path other than {@code prefix} plus one of {@code expandable} ({@code data.} on lists). */
  public void requireExpandable(Set<String> expandable, String prefix) {
    for (String path : expand()) {
      if (!path.startsWith(prefix) || !expandable.contains(path.substring(prefix.length()))) {
        throw ApiError.invalidRequest(
            "This property cannot be expanded (" + path + ").", "expand", null);
      }
    }
  }

  private String qualified(String name) {
    return prefix == null ? name : prefix + "[" + name + "]";
  }
}
