package dev.checkstand.order;

import dev.checkstand.common.LogContext;
import dev.checkstand.common.OrderId;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One log line per timeline entry, written once the entry is committed (a change rolled back is not told), with
 * the order's id and number in the log context: the order's story in the log, across instances, as the timeline
 * has it. The entry's data stays out but for its reason code: it can hold amounts and provider ids, never needed to
 * follow the story.
 */
final class TimelineLog {

    private static final Logger log = LoggerFactory.getLogger(TimelineLog.class);
    private static final Pattern CODE = Pattern.compile("[a-z_]{1,64}");

    private TimelineLog() {
    }

    /** Tells of the entry after commit; {@code number} null when the caller does not have it. */
    static void entry(OrderId orderId, String number, String type, Source source, Map<String, ?> data) {
        Runnable tell = LogContext.carried(() -> {
            try (LogContext.Scope scope = LogContext.order(orderId, number)) {
                // The number the caller's context has for this order when the entry came without one.
                String shown = Objects.requireNonNullElse(MDC.get(LogContext.ORDER_NUMBER), orderId.toString());
                Object reason = data.get("reason");
                if (reason instanceof String code && CODE.matcher(code).matches()) {
                    log.info("Order {}: {} {} ({})", shown, type, code, source.wire());
                } else {
                    log.info("Order {}: {} ({})", shown, type, source.wire());
                }
            }
        });
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            tell.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                tell.run();
            }
        });
    }
}
