package dev.checkstand.simulator;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts headless Chromium for the browser tests: Debian's {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}
 * (else the first on the {@code PATH}), never a downloaded browser. When either is missing the tests say so loudly and
 * are skipped, except on CI ({@code CI=true}), where a missing browser fails them.
 */
final class HeadlessChromium {

  private HeadlessChromium() {}

  /** A new headless session; skips (or on CI fails) the calling test when Chromium or chromedriver is missing. */
  static WebDriver start() {
    Optional<Path> chromium = find("chromium");
    Optional<Path> chromedriver = find("chromedriver");
    List<String> missing = new ArrayList<>();
    chromium.ifPresentOrElse(path -> {}, () -> missing.add("chromium"));
    chromedriver.ifPresentOrElse(path -> {}, () -> missing.add("chromedriver"));
    if (!missing.isEmpty()) {
      unavailable("Browser tests need Chromium and its driver, but " + String.join(" and ", missing)
          + " cannot be found (looked in /usr/bin and on the PATH). On Debian: apt-get install chromium"
          + " chromium-driver.", System.getenv(), System.err);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.orElseThrow().toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.orElseThrow().toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** Reports a missing browser on {@code err}, then fails when {@code env} has {@code CI=true}, else skips. */
  static void unavailable(String message, Map<String, String> env, PrintStream err) {
    boolean ci = "true".equalsIgnoreCase(env.get("CI"));
    err.println("\n*** BROWSER TESTS " + (ci ? "FAIL" : "SKIPPED") + ": " + message + " ***\n");
    if (ci) {
      Assertions.fail(message + " CI=true, so this is a failure rather than a skip.");
    }
    Assumptions.abort(message);
  }

  private static Optional<Path> find(String name) {
    Path debian = Path.of("/usr/bin", name);
    if (Files.isExecutable(debian)) {
      return Optional.of(debian);
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory, name);
      if (!directory.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
