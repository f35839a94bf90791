package dev.checkstand.storefront;

import dev.checkstand.support.Chromium;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** A customer's order page (success, or cancel) as the customer reads it: its headline, which the stream keeps live. */
final class OrderStatusPage {

    private static final By TITLE = By.cssSelector("[data-live=title]");

    private final Chromium chromium;
    private final WebDriver page;

    private OrderStatusPage(Chromium chromium) {
        this.chromium = chromium;
        this.page = chromium.driver();
    }

    static OrderStatusPage open(Chromium chromium, String url) {
        chromium.open(url);
        return new OrderStatusPage(chromium);
    }

    /** Loads the page afresh: what the server renders, before any live change. */
    OrderStatusPage reload() {
        page.navigate().refresh();
        chromium.await(TITLE);
        return this;
    }

    String heading() {
        return page.findElement(By.tagName("h1")).getText();
    }

    String lead() {
        return page.findElement(By.cssSelector("p.lead")).getText();
    }

    String title() {
        return page.findElement(TITLE).getText();
    }

    /** Waits until the headline's title is {@code expected} (up to 20 s). */
    OrderStatusPage awaitTitle(String expected) {
        chromium.awaitText(TITLE, expected, 20);
        return this;
    }

    String text() {
        return page.findElement(By.cssSelector("[data-live=text]")).getText();
    }

    /** The headline's tone: ok, wait or bad. */
    String tone() {
        String classes = page.findElement(By.cssSelector("[data-live=headline]")).getAttribute("class");
        return classes.contains(" ok") ? "ok" : classes.contains(" bad") ? "bad" : "wait";
    }

    WebDriver driver() {
        return page;
    }
}
