package dev.checkstand.simulator.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Routes such as {@code POST /v1/payment_intents/{id}/confirm} to their endpoints. */
public final class Router {

  /** Which API keys may call a route. */
  public enum Access {
    /** Secret keys only. */
    SECRET_KEY,
    /** Secret keys, or publishable keys that also send the object's {@code client_secret}. */
    CLIENT_SECRET
  }

  /** One route; {@code template} is the path with {@code {name}} segments, e.g. for call counts. */
  public record Route(String method, String template, Access access, Endpoint endpoint) {

    private Map<String, String> match(String requestMethod, String path) {
      if (!method.equals(requestMethod)) {
        return null;
      }
      String[] expected = template.split("/", -1);
      String[] actual = path.split("/", -1);
      if (expected.length != actual.length) {
        return null;
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < expected.length; i++) {
        if (expected[i].startsWith("{") && expected[i].endsWith("}") && !actual[i].isEmpty()) {
          params.put(expected[i].substring(1, expected[i].length() - 1), actual[i]);
        } else if (!expected[i].equals(actual[i])) {
          return null;
        }
      }
      return params;
    }
  }

  /** A route that matched, with the values of its path segments. */
  public record Match(Route route, Map<String, String> pathParams) {}

  private final List<Route> routes = new CopyOnWriteArrayList<>();

  /** Adds a route. */
  public void add(String method, String template, Access access, Endpoint endpoint) {
    routes.add(new Route(method, template, access, endpoint));
  }

  /** The first route matching the method and path. */
  public Optional<Match> match(String method, String path) {
    for (Route route : routes) {
      Map<String, String> params = route.match(method, path);
      if (params != null) {
        return Optional.of(new Match(route, Map.copyOf(params)));
      }
    }
    return Optional.empty();
  }
}
