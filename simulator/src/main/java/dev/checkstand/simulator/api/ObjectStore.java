package dev.checkstand.simulator.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** Objects by id in creation order (a sequence, so equal {@code created} seconds still page stably), oldest dropped beyond a capacity. */
public final class ObjectStore<T> {

  private final int capacity;
  private final NavigableMap<Long, Stored<T>> bySequence = new ConcurrentSkipListMap<>();
  private final Map<String, Long> sequenceById = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger size = new AtomicInteger();

  /** Keeps at most {@code capacity} objects; adding one more forgets the oldest. */
  public ObjectStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds a new object as the newest. */
  public void add(String id, T value) {
    long next = sequence.incrementAndGet();
    bySequence.put(next, new Stored<>(id, value));
    sequenceById.put(id, next);
    if (size.incrementAndGet() > capacity) {
      removeOldest();
    }
  }

  /** The object with this id, if kept. */
  public Optional<T> find(String id) {
    Long at = id == null ? null : sequenceById.get(id);
    Stored<T> stored = at == null ? null : bySequence.get(at);
    return stored == null ? Optional.empty() : Optional.of(stored.value);
  }

  /** Forgets the object with this id, if kept. */
  public void remove(String id) {
    Long at = sequenceById.remove(id);
    if (at != null && bySequence.remove(at) != null) {
      size.decrementAndGet();
    }
  }

  /** Forgets the oldest objects while {@code expired} holds for the oldest. */
  public void removeOldestWhile(Predicate<T> expired) {
    Map.Entry<Long, Stored<T>> oldest;
    while ((oldest = bySequence.firstEntry()) != null && expired.test(oldest.getValue().value)) {
      if (bySequence.remove(oldest.getKey(), oldest.getValue())) {
        sequenceById.remove(oldest.getValue().id, oldest.getKey());
        size.decrementAndGet();
      }
    }
  }

  /** Every kept object, newest first. */
  public List<T> newestFirst(Predicate<T> filter) {
    List<T> values = new ArrayList<>();
    for (Stored<T> stored : bySequence.descendingMap().values()) {
      if (filter.test(stored.value)) {
        values.add(stored.value);
      }
    }
    return values;
  }

  /** One page, newest first, of the objects matching {@code filter}, after Stripe's cursor rules. */
  public Page<T> page(ListQuery query, Predicate<T> filter, String objectName) {
    NavigableMap<Long, Stored<T>> window = bySequence.descendingMap();
    boolean newer = false;
    if (query.startingAfter() != null) {
      window = bySequence.headMap(cursor(query.startingAfter(), "starting_after", objectName), false)
          .descendingMap();
    } else if (query.endingBefore() != null) {
      window = bySequence.tailMap(cursor(query.endingBefore(), "ending_before", objectName), false);
      newer = true;
    }
    List<T> data = new ArrayList<>();
    Iterator<Stored<T>> candidates = window.values().iterator();
    boolean hasMore = false;
    while (candidates.hasNext()) {
      T value = candidates.next().value;
      if (query.matchesCreated(value) && filter.test(value)) {
        if (data.size() == query.limit()) {
          hasMore = true;
          break;
        }
        data.add(value);
      }
    }
    if (newer) {
      Collections.reverse(data);
    }
    return new Page<>(data, hasMore);
  }

  /** How many objects are kept. */
  public int size() {
    return size.get();
  }

  /** Forgets every object. */
  public void clear() {
    bySequence.clear();
    sequenceById.clear();
    size.set(0);
  }

  private long cursor(String id, String param, String objectName) {
    Long at = sequenceById.get(id);
    if (at == null) {
      throw ApiError.noSuchReference(objectName, id, param);
    }
    return at;
  }

  private void removeOldest() {
    Map.Entry<Long, Stored<T>> oldest = bySequence.pollFirstEntry();
    if (oldest != null) {
      sequenceById.remove(oldest.getValue().id, oldest.getKey());
      size.decrementAndGet();
    }
  }

  /** A page of objects and whether more lie beyond it in the direction of paging. */
  public record Page<T>(List<T> data, boolean hasMore) {}

  private record Stored<T>(String id, T value) {}
}
