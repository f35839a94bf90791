package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.MonitoringFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules in {@code deploy/prometheus} are valid, pass their promtool unit tests (where every alert both fires
 * and stays silent) and point at a runbook section of {@code docs/OPERATIONS.md}; the example configuration loads
 * them; every query of the Grafana dashboard is valid PromQL. promtool comes with Debian's {@code prometheus} package
 * ({@code .ci/run} installs it); without it the promtool checks say so loudly and are skipped, except with
 * {@code CI=true}, where that is a failure.
 */
class PrometheusRulesTests {

    private static final Pattern RUNBOOK = Pattern.compile("docs/OPERATIONS\\.md#([a-z0-9-]+)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");

    @Test
    void rulesAreValid() {
        promtool("check", "rules", MonitoringFiles.path(MonitoringFiles.ALERT_RULES).toString());
    }

    @Test
    void rulesPassTheirUnitTests() {
        promtool("test", "rules", MonitoringFiles.path(MonitoringFiles.ALERT_RULE_TESTS).toString());
    }

    @Test
    void exampleConfigurationLoadsTheRules() {
        promtool("check", "config", MonitoringFiles.path(MonitoringFiles.PROMETHEUS_CONFIG).toString());
    }

    @Test
    void dashboardQueriesAreValidPromql(@TempDir Path directory) throws IOException {
        // Each panel query as a recording rule, Grafana's interval variables given a value, for promtool to parse.
        List<Map<String, String>> rules = new ArrayList<>();
        MonitoringFiles.dashboardQueries().forEach((where, query) -> {
            if (!query.startsWith("label_values(")) {
                rules.add(Map.of("record", "dashboard_query_" + rules.size(), "expr", query
                        .replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")));
            }
        });
        assertThat(rules).hasSizeGreaterThan(20);
        Path file = directory.resolve("dashboard-queries.yml");
        Files.writeString(file, new Yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));

        promtool("check", "rules", file.toString());
    }

    @Test
    void everyAlertHasASeverityASummaryADescriptionAndARunbookSection() {
        Set<String> anchors = HEADING.matcher(MonitoringFiles.read(MonitoringFiles.OPERATIONS)).results()
                .map(heading -> anchor(heading.group(1))).collect(Collectors.toSet());
        List<Map<String, Object>> rules = MonitoringFiles.alertRules();

        assertThat(rules).hasSizeGreaterThanOrEqualTo(10);
        for (Map<String, Object> rule : rules) {
            String name = (String) rule.get("alert");
            assertThat(name).as("a rule without an alert name: %s", rule).matches("Checkstand[A-Z][A-Za-z]+");
            assertThat(map(rule, "labels").get("severity")).as(name + " severity").isIn("warning", "critical");
            Map<String, Object> annotations = map(rule, "annotations");
            assertThat((String) annotations.get("summary")).as(name + " summary").isNotBlank();
            assertThat((String) annotations.get("description")).as(name + " description").isNotBlank();
            Matcher runbook = RUNBOOK.matcher(String.valueOf(annotations.get("runbook_url")));
            assertThat(runbook.matches()).as(name + " runbook_url " + annotations.get("runbook_url")).isTrue();
            assertThat(anchors).as(name + "'s runbook section in " + MonitoringFiles.OPERATIONS)
                    .contains(runbook.group(1));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertIsTestedFiringAndSilent() {
        Set<String> fired = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) MonitoringFiles.yaml(MonitoringFiles.ALERT_RULE_TESTS)
                .get("tests")) {
            for (Map<String, Object> check : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())) {
                List<?> expected = (List<?>) check.get("exp_alerts");
                (expected == null || expected.isEmpty() ? silent : fired).add((String) check.get("alertname"));
            }
        }
        List<String> alerts = MonitoringFiles.alertRules().stream().map(rule -> (String) rule.get("alert")).toList();

        assertThat(fired).as("alerts with a test where they fire").containsAll(alerts);
        assertThat(silent).as("alerts with a test where they stay silent").containsAll(alerts);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> rule, String key) {
        Object value = rule.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    // The anchor GitHub gives a Markdown heading: lower case, punctuation but hyphens dropped, spaces as hyphens.
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    private static void promtool(String... arguments) {
        Path promtool = findPromtool();
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                Assertions.fail(String.join(" ", command) + " did not finish within 60 s");
            }
            String printed = new String(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("%s exited with %s:%n%s", String.join(" ", command),
                    process.exitValue(), printed).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // PROMTOOL_BIN when set, otherwise promtool on the PATH; skipped (or, on CI, failed) when there is none.
    private static Path findPromtool() {
        String configured = System.getenv("PROMTOOL_BIN");
        Stream<Path> candidates = configured != null && !configured.isBlank() ? Stream.of(Path.of(configured))
                : Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .filter(directory -> !directory.isEmpty())
                        .map(directory -> Path.of(directory, "promtool"));
        Optional<Path> found = candidates.filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            String message = "ALERT RULE TESTS DID NOT RUN: promtool is not installed (looked for PROMTOOL_BIN, else "
                    + "promtool on the PATH; install Debian's prometheus package, `apt-get install "
                    + "--no-install-recommends prometheus`, as .ci/run does, or set PROMTOOL_BIN)";
            System.err.println("\n!!!!! " + message + " !!!!!\n");
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        return found.get();
    }
}
