package dev.checkstand.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Scopes put their keys in the MDC and put back what was there; work handed to another thread takes them along. */
class LogContextTests {

    private final OrderId first = OrderId.of(UUID.randomUUID());
    private final OrderId second = OrderId.of(UUID.randomUUID());

    @AfterEach
    void clean() {
        MDC.clear();
    }

    @Test
    void aScopeLeavesTheMdcAsItFoundIt() {
        try (LogContext.Scope request = LogContext.request("req-1")) {
            try (LogContext.Scope order = LogContext.order(first, "CS-AAAAAAA")) {
                try (LogContext.Scope event = LogContext.event("stripe", "evt_1")) {
                    assertThat(LogContext.current()).containsExactlyInAnyOrderEntriesOf(Map.of("requestId", "req-1",
                            "orderId", first.toString(), "orderNumber", "CS-AAAAAAA", "eventSource", "stripe",
                            "eventId", "evt_1"));
                }
                assertThat(LogContext.current()).doesNotContainKeys("eventId", "eventSource");
            }
            assertThat(LogContext.current()).containsExactlyEntriesOf(Map.of("requestId", "req-1"));
        }
        assertThat(LogContext.current()).isEmpty();
    }

    @Test
    void anOrderKeepsItsNumberWhenNamedAgainWithoutItAndNeverLendsItToAnother() {
        try (LogContext.Scope numbered = LogContext.order(first, "CS-AAAAAAA")) {
            try (LogContext.Scope same = LogContext.order(first)) {
                assertThat(MDC.get("orderNumber")).isEqualTo("CS-AAAAAAA");
            }
            try (LogContext.Scope other = LogContext.order(second)) {
                assertThat(MDC.get("orderId")).isEqualTo(second.toString());
                assertThat(MDC.get("orderNumber")).isNull();
            }
            assertThat(MDC.get("orderId")).isEqualTo(first.toString());
            assertThat(MDC.get("orderNumber")).isEqualTo("CS-AAAAAAA");
        }
    }

    @Test
    void carriedWorkRunsWithTheCallersKeysAndLeavesThePooledThreadClean() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Map<String, String>> seen = new CompletableFuture<>();
            try (LogContext.Scope order = LogContext.order(first, "CS-AAAAAAA")) {
                LogContext.carrying(pool).execute(() -> seen.complete(LogContext.current()));
            }
            assertThat(seen.get()).containsEntry("orderId", first.toString()).containsEntry("orderNumber", "CS-AAAAAAA");
            assertThat(pool.submit(LogContext::current).get()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
