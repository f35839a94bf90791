package dev.checkstand.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through Selenium WebDriver, for the browser tests: register it on a field with
 * {@code @RegisterExtension} and each test gets a fresh browser, closed after it. Without Chromium and its driver
 * the tests say so loudly and are skipped — except with {@code CI=true}, where that is a failure: CI installs both
 * ({@code .ci/run}), so a browser test that did not run there is a broken build, not a skipped one.
 */
public final class Chromium implements BeforeEachCallback, AfterEachCallback {

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver");

    private ChromeDriver driver;

    private Chromium() {
    }

    /** A browser for each test of the class that registers it. */
    public static Chromium perTest() {
        return new Chromium();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        driver = start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    // A fresh browser at desktop size; skipped (or, on CI, failed) when Chromium is not installed.
    private static ChromeDriver start() {
        Optional<Path> browser = find("CHROMIUM_BIN", BROWSERS);
        Optional<Path> chromedriver = find("CHROMEDRIVER_BIN", DRIVERS);
        if (browser.isEmpty() || chromedriver.isEmpty()) {
            String message = "BROWSER TESTS DID NOT RUN: Debian's chromium and chromium-driver are not installed ("
                    + "looked for " + BROWSERS + " and " + DRIVERS + "; set CHROMIUM_BIN / CHROMEDRIVER_BIN, or run "
                    + "`apt-get install chromium chromium-driver` as .ci/run does)";
            System.err.println("\n!!!!! " + message + " !!!!!\n");
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static Optional<Path> find(String variable, List<String> candidates) {
        String given = System.getenv(variable);
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given)).filter(Files::isExecutable);
        }
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens {@code url} and returns the driver. */
    public WebDriver open(String url) {
        driver.get(url);
        return driver;
    }

    /** The element, once it is there (up to 20 s). */
    public WebElement await(By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(20))
                .withMessage(() -> "no " + locator + " at " + driver.getCurrentUrl())
                .ignoring(StaleElementReferenceException.class, WebDriverException.class)
                .until(d -> d.findElement(locator));
    }

    /** Waits until the element's text contains {@code text} (up to {@code seconds}); returns the text. */
    public String awaitText(By locator, String text, int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds))
                .withMessage(() -> "no '" + text + "' in " + locator + " at " + driver.getCurrentUrl() + "; the page says: "
                        + driver.findElement(By.tagName("main")).getText())
                .ignoring(StaleElementReferenceException.class, WebDriverException.class)
                .until(d -> {
                    String now = d.findElement(locator).getText();
                    return now.contains(text) ? now : null;
                });
    }

    /** Scrolls the element to the middle of the window and clicks it, as a person would. */
    public void click(WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    /**
     * Clicks the element (as {@link #click} does) and waits until the page it was on is gone (up to 20 s): the form it
     * posts, or the link it follows, has led to the next page. Chromium reports an element of a page left behind as
     * stale or, while the next page is still coming, as "Node with given id does not belong to the document"; either
     * says the page is gone.
     */
    public void clickAndAwaitNextPage(WebElement element) {
        WebElement before = driver.findElement(By.tagName("html"));
        click(element);
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .withMessage(() -> "still on the page at " + driver.getCurrentUrl())
                .until(d -> gone(before));
    }

    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Resizes the window to a phone's width. */
    public void phoneWidth() {
        driver.manage().window().setSize(new Dimension(390, 844));
    }

    /** Writes a screenshot of the top of the page to {@code docs/screenshots/<name>.png} at the repository's root. */
    public void screenshot(String name) {
        driver.executeScript("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur();");
        Path target = repositoryRoot().resolve("docs/screenshots").resolve(name + ".png");
        try {
            Files.createDirectories(target.getParent());
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Tests run in app/ (Maven's module directory); the repository root holds docs/ and .ci/.
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".ci"))) {
                return dir;
            }
        }
        return here;
    }
}
