package dev.checkstand.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing browser is said out loud, then skips the browser tests, except on CI where it fails them. */
class HeadlessChromiumTests {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

  @Test
  void withoutCiAMissingBrowserSkipsLoudly() {
    assertThatThrownBy(() -> HeadlessChromium.unavailable("chromium cannot be found.", Map.of("CI", "false"),
        errStream)).isInstanceOf(TestAbortedException.class).hasMessageContaining("chromium cannot be found.");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("BROWSER TESTS SKIPPED: chromium cannot be found.");
  }

  @Test
  void onCiAMissingBrowserFails() {
    assertThatThrownBy(() -> HeadlessChromium.unavailable("chromium cannot be found.", Map.of("CI", "true"),
        errStream)).isInstanceOf(AssertionFailedError.class).hasMessageContaining("CI=true");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("BROWSER TESTS FAIL: chromium cannot be found.");
  }
}
