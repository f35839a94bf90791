package dev.checkstand.admin;

import dev.checkstand.support.Api;
import dev.checkstand.support.Chromium;
import dev.checkstand.support.TestSupport;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's order list and an order's page as an admin uses them, the authorization's forms and the seller's card
 * included.
 */
final class AdminOrderConsolePage {

    private static final By AUTHORIZATION = By.xpath("//section[h2[normalize-space()='Authorization']]");

    private final Chromium chromium;
    private final WebDriver page;

    private AdminOrderConsolePage(Chromium chromium) {
        this.chromium = chromium;
        this.page = chromium.driver();
    }

    /** Signs in at the console's login page, which leads to the order list. */
    static AdminOrderConsolePage signIn(Chromium chromium, Api api) {
        WebDriver page = chromium.open(api.url("/admin/login"));
        page.findElement(By.id("username")).sendKeys("admin");
        page.findElement(By.id("password")).sendKeys(TestSupport.ADMIN_PASSWORD);
        chromium.click(page.findElement(By.xpath("//button[normalize-space()='Sign in']")));
        chromium.awaitText(By.tagName("h1"), "Orders", 10);
        return new AdminOrderConsolePage(chromium);
    }

    /** Filters the order list by payment status, as shown in its list ("authorized"). */
    AdminOrderConsolePage filterByPayment(String shown) {
        new Select(page.findElement(By.id("paymentStatus"))).selectByVisibleText(shown);
        chromium.click(page.findElement(By.xpath("//button[normalize-space()='Filter']")));
        chromium.await(By.cssSelector("table.lines"));
        return this;
    }

    /** The order list's rows as text, one per order. */
    String listed() {
        return page.findElement(By.cssSelector("table.lines tbody")).getText();
    }

    /** Follows the order list's link to the order numbered {@code number}. */
    AdminOrderConsolePage open(String number) {
        chromium.click(page.findElement(By.linkText(number)));
        chromium.awaitText(By.tagName("h1"), number, 10);
        return this;
    }

    /** The order's payment status as its page's lead says it ("partially refunded"). */
    String paymentStatus() {
        return page.findElement(By.cssSelector("[data-field=paymentStatus]")).getText();
    }

    /** The value of the authorization's fact {@code field} (authorized, captureBefore, captured, released). */
    String authorization(String field) {
        return page.findElement(AUTHORIZATION).findElement(By.cssSelector("[data-field=" + field + "]")).getText();
    }

    /** The value of the seller card's fact {@code field} (sellerName, commission, applicationFee, transfer, ...). */
    String seller(String field) {
        return page.findElement(By.xpath("//section[h2[normalize-space()='Seller']]"))
                .findElement(By.cssSelector("[data-field=" + field + "]")).getText();
    }

    /** Follows the seller card's link to the seller's page. */
    void openSeller() {
        WebElement link = page.findElement(By.xpath("//section[h2[normalize-space()='Seller']]//a"));
        String name = link.getText();
        chromium.click(link);
        chromium.awaitText(By.tagName("h1"), name, 10);
    }

    boolean offersCapture() {
        return !page.findElements(By.xpath("//button[normalize-space()='Capture payment']")).isEmpty();
    }

    boolean offersRelease() {
        return !page.findElements(By.xpath("//button[normalize-space()='Release authorization']")).isEmpty();
    }

    /** Sends the capture form with {@code amount} typed (empty: all of it). */
    AdminOrderConsolePage capture(String amount) {
        WebElement field = page.findElement(By.id("capture-amount"));
        field.clear();
        field.sendKeys(amount);
        chromium.click(page.findElement(By.xpath("//button[normalize-space()='Capture payment']")));
        return this;
    }

    AdminOrderConsolePage release() {
        chromium.click(page.findElement(By.xpath("//button[normalize-space()='Release authorization']")));
        return this;
    }

    /** The outcome the page comes back with, once it says {@code expected}. */
    String outcome(String expected) {
        return chromium.awaitText(By.cssSelector("[role=status]"), expected, 15);
    }

    /** The refusal shown beside the authorization's forms, once it says {@code expected}. */
    String refusal(String expected) {
        return chromium.awaitText(By.xpath("//section[h2[normalize-space()='Authorization']]//*[@role='alert']"),
                expected, 15);
    }

    WebDriver driver() {
        return page;
    }
}
