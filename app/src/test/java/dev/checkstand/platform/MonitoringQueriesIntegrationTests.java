package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.MonitoringFiles;
import dev.checkstand.support.PromqlMetricNames;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every metric the Grafana dashboard and the alert rules read is in a real scrape of the service: a renamed or
 * missing metric would leave a panel empty and an alert silent for good, which nothing else would notice.
 */
@CheckstandIntegrationTest
class MonitoringQueriesIntegrationTests {

    // Made by Prometheus itself, never in a scrape.
    private static final Set<String> SYNTHETIC = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "ALERTS", "ALERTS_FOR_STATE");

    @Autowired
    Api api;

    @Test
    void everyMetricTheDashboardAndTheAlertsReadIsScraped() {
        Map<String, Set<String>> wanted = wantedMetrics();
        assertThat(wanted).as("metrics read by the dashboard and the rules").containsKeys(
                "checkstand_order_sync_total", "checkstand_payment_to_paid_seconds_bucket",
                "checkstand_inbox_oldest_unprocessed_age_seconds", "hikaricp_connections_active", "jvm_memory_used_bytes",
                "http_server_requests_seconds_bucket");

        // Request timers appear with the first request they time.
        assertThat(api.get("/api/products").status()).isEqualTo(200);
        Api.Response scrape = api.getAsAdmin("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        Set<String> scraped = sampleNames(scrape.body());

        Map<String, Set<String>> missing = new TreeMap<>(wanted);
        missing.keySet().removeAll(scraped);
        if (!missing.isEmpty()) {
            System.err.println("Metrics read by the dashboard or the alert rules but not in /actuator/prometheus:");
            missing.forEach((metric, readers) -> System.err.println("  " + metric + "  <- " + readers));
        }
        assertThat(missing).as("metrics read by the dashboard or the rules (with where) that the service does not "
                + "expose").isEmpty();
    }

    // Metric name -> where it is read: each dashboard query and each rule's expression.
    private static Map<String, Set<String>> wantedMetrics() {
        Map<String, String> queries = new TreeMap<>(MonitoringFiles.dashboardQueries());
        queries.values().removeIf(query -> query.startsWith("label_values("));
        MonitoringFiles.alertRules().forEach(rule -> queries.put("alert " + rule.get("alert"), (String) rule.get("expr")));
        Map<String, Set<String>> wanted = new TreeMap<>();
        queries.forEach((where, query) -> PromqlMetricNames.in(query).stream()
                .filter(metric -> !SYNTHETIC.contains(metric))
                .forEach(metric -> wanted.computeIfAbsent(metric, m -> new TreeSet<>()).add(where)));
        return wanted;
    }

    // The sample names of a scrape in Prometheus' text format: each line's first token, up to its labels or value.
    private static Set<String> sampleNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = line.length();
            for (char stop : new char[] {'{', ' '}) {
                int at = line.indexOf(stop);
                if (at >= 0 && at < end) {
                    end = at;
                }
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}
