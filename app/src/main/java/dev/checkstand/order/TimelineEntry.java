package dev.checkstand.order;

import java.time.Instant;
import java.util.Map;

/** One recorded change of an order: when, what, who caused it, and details. */
public record TimelineEntry(Instant at, String type, String source, Map<String, Object> data) {
}
