package dev.checkstand.simulator.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTests {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void tasksRunInDueOrderOnceTheClockReachesThem() {
    SimClock clock = SimClock.over(Clock.fixed(NOW, ZoneOffset.UTC));
    List<String> ran = new ArrayList<>();
    try (Timeline timeline = new Timeline(clock, Duration.ofHours(1))) {
      timeline.at(NOW.plusSeconds(20), () -> ran.add("second"));
      timeline.at(NOW.plusSeconds(10), () -> ran.add("first"));
      timeline.at(NOW.plusSeconds(30), () -> ran.add("later"));

      clock.advance(Duration.ofSeconds(20));
      timeline.runDue();

      assertThat(ran).containsExactly("first", "second");
      assertThat(timeline.pending()).isEqualTo(1);
    }
  }

  @Test
  void aFullTimelineDropsTasksNoLongerNeeded() {
    SimClock clock = SimClock.over(Clock.fixed(NOW, ZoneOffset.UTC));
    try (Timeline timeline = new Timeline(clock, Duration.ofHours(1))) {
      for (int i = 0; i < 100_000; i++) {
        timeline.at(NOW.plusSeconds(60), () -> { }, () -> false);
      }
      timeline.at(NOW.plusSeconds(60), () -> { }, () -> true);
      timeline.at(NOW.plusSeconds(60), () -> { });

      assertThat(timeline.pending()).isEqualTo(2);
    }
  }
}
