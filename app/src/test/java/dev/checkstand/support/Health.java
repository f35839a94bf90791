package dev.checkstand.support;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** What the service says about its providers: health components (as ADMIN) and Prometheus samples. */
public final class Health {

    private final Api api;

    public Health(Api api) {
        this.api = api;
    }

    /** The health component {@code name} ({@code stripe}, {@code printful}) as the ADMIN role sees it. */
    public JsonNode component(String name) {
        return api.getAsAdmin("/actuator/health").json().path("components").path(name);
    }

    /** The circuit breaker state the component {@code name} reports: closed, open, half_open. */
    public String breaker(String name) {
        return component(name).path("details").path("circuitBreaker").asString();
    }

    /** The value of the Prometheus sample {@code metric} whose labels include every {@code name="value"} given. */
    public Optional<Double> sample(String metric, String... labels) {
        String scrape = api.getAsAdmin("/actuator/prometheus").body();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(?:\\{([^}]*)\\})? (\\S+)$").matcher(scrape);
        while (line.find()) {
            String found = line.group(1) == null ? "" : line.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= found.contains(label);
            }
            if (all) {
                return Optional.of(Double.parseDouble(line.group(2)));
            }
        }
        return Optional.empty();
    }
}
