package dev.checkstand.simulator.api;

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
  public record Route(String method, String template, Access access, Endpoint endpoint) {}

  /** A route that matched, with the values of its path segments. */
  public record Match(Route route, Map<String, String> pathParams) {}

  private record Entry(Route route, PathTemplate path) {}

  private final List<Entry> routes = new CopyOnWriteArrayList<>();

  /** Adds a route. */
  public void add(String method, String template, Access access, Endpoint endpoint) {
    routes.add(new Entry(new Route(method, template, access, endpoint), new PathTemplate(template)));
  }

  /** The first route matching the method and path. */
  public Optional<Match> match(String method, String path) {
    String[] segments = PathTemplate.segments(path);
    for (Entry entry : routes) {
      if (entry.route.method().equals(method)) {
        Map<String, String> params = entry.path.match(segments);
        if (params != null) {
          return Optional.of(new Match(entry.route, params));
        }
      }
    }
    return Optional.empty();
  }
}
