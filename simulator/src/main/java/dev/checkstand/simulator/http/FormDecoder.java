package dev.checkstand.simulator.http;

import dev.checkstand.simulator.api.ApiError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Decodes Stripe's form encoding ({@code metadata[k]=v}, {@code types[0]=card}, {@code expand[]=x}) into maps and lists. */
public final class FormDecoder {

  private static final Pattern INDEX = Pattern.compile("[0-9]{1,9}");

  private FormDecoder() {}

  /** Decodes and merges the given encoded strings (null ones skipped), later values winning. */
  public static Map<String, Object> decode(String... encoded) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (String source : encoded) {
      if (source == null || source.isEmpty()) {
        continue;
      }
      for (String pair : source.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String key = unescape(equals < 0 ? pair : pair.substring(0, equals));
        String value = equals < 0 ? "" : unescape(pair.substring(equals + 1));
        put(root, key, value);
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) listify(root);
    return result;
  }

  private static void put(Map<String, Object> root, String key, String value) {
    List<String> path = path(key);
    Map<String, Object> container = root;
    for (int i = 0; i < path.size() - 1; i++) {
      String segment = path.get(i).isEmpty() ? nextIndex(container, path.get(i + 1)) : path.get(i);
      Object child = container.computeIfAbsent(segment, s -> new LinkedHashMap<String, Object>());
      if (!(child instanceof Map)) {
        throw ApiError.invalidRequest("Invalid hash", key, null);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> next = (Map<String, Object>) child;
      container = next;
    }
    String last = path.get(path.size() - 1);
    String leaf = last.isEmpty() ? String.valueOf(container.size()) : last;
    if (container.get(leaf) instanceof Map) {
      throw ApiError.invalidRequest("Invalid hash", key, null);
    }
    container.put(leaf, value);
  }

  /** For {@code a[][b]=...}: fills the last element unless it already has {@code b}. */
  private static String nextIndex(Map<String, Object> container, String nextKey) {
    String lastIndex = String.valueOf(container.size() - 1);
    Object last = container.get(lastIndex);
    if (last instanceof Map && !((Map<?, ?>) last).containsKey(nextKey)) {
      return lastIndex;
    }
    return String.valueOf(container.size());
  }

  /** {@code a[b][]} becomes {@code [a, b, ""]}; a malformed key is taken whole. */
  private static List<String> path(String key) {
    int open = key.indexOf('[');
    if (open <= 0 || !key.endsWith("]")) {
      return List.of(key);
    }
    List<String> path = new ArrayList<>();
    path.add(key.substring(0, open));
    int position = open;
    while (position < key.length()) {
      int close = key.indexOf(']', position);
      if (key.charAt(position) != '[' || close < 0) {
        return List.of(key);
      }
      path.add(key.substring(position + 1, close));
      position = close + 1;
    }
    return path;
  }

  /** Turns maps whose keys are all indexes into lists, in index order. */
  private static Object listify(Object value) {
    if (!(value instanceof Map)) {
      return value;
    }
    Map<?, ?> map = (Map<?, ?>) value;
    boolean indexed = !map.isEmpty();
    for (Object key : map.keySet()) {
      indexed &= INDEX.matcher((String) key).matches();
    }
    if (indexed) {
      TreeMap<Integer, Object> ordered = new TreeMap<>();
      map.forEach((key, item) -> ordered.put(Integer.parseInt((String) key), listify(item)));
      return new ArrayList<>(ordered.values());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    map.forEach((key, item) -> result.put((String) key, listify(item)));
    return result;
  }

  private static String unescape(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalidRequest("Invalid URL encoding in the request parameters.", null, null);
    }
  }
}
