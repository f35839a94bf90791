package dev.checkstand.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring files shipped next to the code ({@code deploy/prometheus}, {@code deploy/grafana},
 * {@code docs/OPERATIONS.md}), found from the repository root whether the tests run in {@code app/} or at the root.
 */
public final class MonitoringFiles {

    public static final String ALERT_RULES = "deploy/prometheus/checkstand-alerts.yml";
    public static final String ALERT_RULE_TESTS = "deploy/prometheus/checkstand-alerts-test.yml";
    public static final String PROMETHEUS_CONFIG = "deploy/prometheus/prometheus.yml";
    public static final String DASHBOARD = "deploy/grafana/checkstand-dashboard.json";
    public static final String OPERATIONS = "docs/OPERATIONS.md";

    private MonitoringFiles() {
    }

    /** {@code relative} (a path from the repository root) as a path from the working directory; it must exist. */
    public static Path path(String relative) {
        for (Path root : List.of(Path.of(".."), Path.of("."))) {
            Path candidate = root.resolve(relative).normalize();
            if (Files.exists(candidate) && Files.exists(root.resolve("app/pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No " + relative + " in the repository root, looked for from "
                + Path.of("").toAbsolutePath());
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML file as plain maps and lists (SnakeYAML's safe constructor: no types of its own). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> yaml(String relative) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(read(relative));
    }

    /** Every rule of the alert rule file, in order, as its YAML map ({@code alert}, {@code expr}, {@code labels}, ...). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> alertRules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) yaml(ALERT_RULES).get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    /** The PromQL of every panel target of the dashboard and of every template variable query, by where it is. */
    public static Map<String, String> dashboardQueries() {
        JsonNode dashboard = JsonMapper.builder().build().readTree(read(DASHBOARD));
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            collectTargets(panel, queries);
            for (JsonNode nested : panel.path("panels")) {
                collectTargets(nested, queries);
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asString())) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asString() : query.asString();
                queries.put("variable " + variable.path("name").asString(), text);
            }
        }
        return queries;
    }

    private static void collectTargets(JsonNode panel, Map<String, String> queries) {
        int index = 0;
        for (JsonNode target : panel.path("targets")) {
            queries.put("panel \"" + panel.path("title").asString() + "\" target " + index++,
                    target.path("expr").asString());
        }
    }
}
