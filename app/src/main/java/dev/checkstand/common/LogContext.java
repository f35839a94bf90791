package dev.checkstand.common;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.MDC;

/**
 * What the log lines written meanwhile are about, in the MDC: the request ({@code requestId}), the order
 * ({@code orderId}, {@code orderNumber}) and the provider event ({@code eventId}, {@code eventSource}). Structured
 * (JSON) logs carry them as fields, so one order's story can be followed across instances. A scope puts its keys in
 * and, when closed, puts back what was there before (threads are pooled, and scopes nest); {@link #carried} takes the
 * keys along when work moves to another thread.
 */
public final class LogContext {

    public static final String REQUEST_ID = "requestId";
    public static final String ORDER_ID = "orderId";
    public static final String ORDER_NUMBER = "orderNumber";
    public static final String EVENT_ID = "eventId";
    public static final String EVENT_SOURCE = "eventSource";

    private LogContext() {
    }

    /** Log lines until {@code close} are about the order; an order number of another order is left out meanwhile. */
    public static Scope order(OrderId orderId) {
        Objects.requireNonNull(orderId, "orderId");
        String id = orderId.toString();
        // The number in the MDC belongs to the order whose id is there: kept for that order, hidden for any other.
        String number = id.equals(MDC.get(ORDER_ID)) ? MDC.get(ORDER_NUMBER) : null;
        return put(ORDER_ID, id, ORDER_NUMBER, number);
    }

    /** Log lines until {@code close} are about the order {@code number} (null when not known here). */
    public static Scope order(OrderId orderId, String number) {
        Objects.requireNonNull(orderId, "orderId");
        return number == null ? order(orderId) : put(ORDER_ID, orderId.toString(), ORDER_NUMBER, number);
    }

    /** Log lines until {@code close} are about the stored event {@code eventId} of {@code source}. */
    public static Scope event(String source, String eventId) {
        return put(EVENT_SOURCE, source, EVENT_ID, eventId);
    }

    /** Log lines until {@code close} belong to the request {@code requestId}. */
    public static Scope request(String requestId) {
        return put(REQUEST_ID, requestId, null, null);
    }

    /** {@code work} run with the keys the caller has now, wherever it runs; for work handed to another thread. */
    public static Runnable carried(Runnable work) {
        Map<String, String> context = current();
        if (context.isEmpty()) {
            return work;
        }
        return () -> {
            try (Scope scope = of(context)) {
                work.run();
            }
        };
    }

    /** {@code executor}, carrying the caller's keys into each piece of work ({@link #carried}). */
    public static Executor carrying(Executor executor) {
        return work -> executor.execute(carried(work));
    }

    /** These keys' values now (absent ones left out). */
    public static Map<String, String> current() {
        Map<String, String> context = new HashMap<>();
        for (String key : new String[] {REQUEST_ID, ORDER_ID, ORDER_NUMBER, EVENT_ID, EVENT_SOURCE}) {
            String value = MDC.get(key);
            if (value != null) {
                context.put(key, value);
            }
        }
        return context;
    }

    private static Scope of(Map<String, String> context) {
        Map<String, String> before = new HashMap<>();
        context.forEach((key, value) -> {
            before.put(key, MDC.get(key));
            MDC.put(key, value);
        });
        return () -> before.forEach(LogContext::restore);
    }

    // A null value removes the key for the scope's life.
    private static Scope put(String key, String value, String otherKey, String otherValue) {
        String before = MDC.get(key);
        String otherBefore = otherKey == null ? null : MDC.get(otherKey);
        restore(key, value);
        if (otherKey != null) {
            restore(otherKey, otherValue);
        }
        return () -> {
            restore(key, before);
            if (otherKey != null) {
                restore(otherKey, otherBefore);
            }
        };
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** Keys in the MDC until closed; closing puts back what was there before. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {

        @Override
        void close();
    }
}
