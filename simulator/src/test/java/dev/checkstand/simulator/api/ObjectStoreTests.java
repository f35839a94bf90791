package dev.checkstand.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectStoreTests {

  @Test
  void beyondItsCapacityTheStoreForgetsTheOldest() {
    ObjectStore<String> store = new ObjectStore<>(2);

    store.add("a", "first");
    store.add("b", "second");
    store.add("c", "third");

    assertThat(store.size()).isEqualTo(2);
    assertThat(store.find("a")).isEmpty();
    assertThat(store.newestFirst(value -> true)).containsExactly("third", "second");
  }

  @Test
  void expiredObjectsAreForgottenOldestFirstAndRemovedOnesAreGone() {
    ObjectStore<Integer> store = new ObjectStore<>(10);
    for (int i = 1; i <= 5; i++) {
      store.add("o" + i, i);
    }

    store.removeOldestWhile(value -> value < 3);
    store.remove("o4");

    assertThat(store.newestFirst(value -> true)).containsExactly(5, 3);
    assertThat(store.size()).isEqualTo(2);
  }

  @Test
  void pagesFollowTheSequenceEvenForEqualTimes() {
    ObjectStore<Integer> store = new ObjectStore<>(10);
    for (int i = 1; i <= 5; i++) {
      store.add("o" + i, i);
    }
    ListQuery twoAfterO4 = ListQuery.<Integer>of(
        Params.of(Map.of("limit", "2", "starting_after", "o4")), value -> 0L);
    ListQuery twoBeforeO2 = ListQuery.<Integer>of(
        Params.of(Map.of("limit", "2", "ending_before", "o2")), value -> 0L);

    assertThat(store.page(twoAfterO4, value -> true, "thing").data()).containsExactly(3, 2);
    assertThat(store.page(twoAfterO4, value -> true, "thing").hasMore()).isTrue();
    assertThat(store.page(twoBeforeO2, value -> true, "thing").data()).containsExactly(4, 3);
    assertThat(store.page(twoBeforeO2, value -> true, "thing").hasMore()).isTrue();
  }
}
