package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.PromqlMetricNames;
import org.junit.jupiter.api.Test;

/** The metric names read from PromQL text are the series selected, not functions, labels, keywords or numbers. */
class PromqlMetricNamesTests {

    @Test
    void aHistogramQuantileReadsItsBucketsAndNotItsGroupingLabels() {
        assertThat(PromqlMetricNames.in(
                "histogram_quantile(0.99, sum by (le, path) (rate(checkstand_payment_to_paid_seconds_bucket"
                        + "{instance=~\"$instance\"}[$__rate_interval]))) > 60"))
                .containsExactly("checkstand_payment_to_paid_seconds_bucket");
    }

    @Test
    void aRatioReadsBothSidesOnceAndNotTheLabelValues() {
        assertThat(PromqlMetricNames.in("""
                sum(rate(checkstand_order_sync_total{outcome="failed"}[15m]))
                  / sum(rate(checkstand_order_sync_total{outcome=~"synced|failed"}[15m]))
                  > 0.05"""))
                .containsExactly("checkstand_order_sync_total");
    }

    @Test
    void keywordsOffsetsAndBareSelectorsAreToldApart() {
        assertThat(PromqlMetricNames.in("""
                max by (reason) (checkstand_orders_needing_attention)
                  > max by (reason) (checkstand_orders_needing_attention offset 1h)
                or (max by (reason) (checkstand_orders_needing_attention) > 0
                  unless max by (reason) (checkstand_orders_needing_attention offset 1h))
                  and on () (max(up{job="checkstand"} offset 1h) == 1)"""))
                .containsExactly("checkstand_orders_needing_attention", "up");
    }

    @Test
    void braceInsideALabelValueDoesNotEndTheMatchers() {
        assertThat(PromqlMetricNames.in("sum without (instance) (rate(http_server_requests_seconds_count"
                + "{uri!=\"/api/orders/{orderId}/sync-status\", status=~\"5..\"}[5m])) * 1e3"))
                .containsExactly("http_server_requests_seconds_count");
    }

    @Test
    void twoMetricsInOneExpressionAreBothFound() {
        assertThat(PromqlMetricNames.in("jvm_memory_used_bytes{area=\"heap\"} / ignoring(id) group_left "
                + "jvm_memory_max_bytes"))
                .containsExactly("jvm_memory_max_bytes", "jvm_memory_used_bytes");
    }
}
