package dev.checkstand.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Api;
import dev.checkstand.support.Chromium;
import dev.checkstand.support.TestSupport;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The console's shipping page as an admin uses it: rule rows numbered from 1 as the page numbers them. */
final class ShippingConsolePage {

    private final Chromium chromium;
    private final WebDriver page;

    private ShippingConsolePage(Chromium chromium) {
        this.chromium = chromium;
        this.page = chromium.driver();
    }

    /** Signs in at the console's login page and follows the navigation's "Shipping" link. */
    static ShippingConsolePage signInAndOpen(Chromium chromium, Api api) {
        WebDriver page = chromium.open(api.url("/admin/login"));
        page.findElement(By.id("username")).sendKeys("admin");
        page.findElement(By.id("password")).sendKeys(TestSupport.ADMIN_PASSWORD);
        chromium.click(page.findElement(By.xpath("//button[normalize-space()='Sign in']")));
        chromium.awaitText(By.tagName("h1"), "Orders", 10);
        chromium.click(page.findElement(By.linkText("Shipping")));
        chromium.awaitText(By.tagName("h1"), "Shipping", 10);
        return new ShippingConsolePage(chromium);
    }

    /** What the page says about the rules in force, the table included. */
    String inForce() {
        return page.findElement(By.xpath("//section[h2[normalize-space()='Rules in force']]")).getText();
    }

    /** Types {@code value} into the field of rule {@code rule}, found by its label ("Rule 2: zone"). */
    ShippingConsolePage type(int rule, String label, String value) {
        WebElement field = field(rule, label);
        field.clear();
        field.sendKeys(value);
        return this;
    }

    ShippingConsolePage kind(int rule, String visibleText) {
        new Select(field(rule, "kind")).selectByVisibleText(visibleText);
        return this;
    }

    ShippingConsolePage remove(int rule) {
        chromium.click(page.findElement(By.xpath("//label[normalize-space()='Remove rule " + rule + "']")));
        return this;
    }

    /** Clicks "Add a row" and returns the new row's number. */
    int addRow() {
        int before = rows();
        chromium.click(page.findElement(By.xpath("//button[normalize-space()='Add a row']")));
        assertThat(rows()).isEqualTo(before + 1);
        return before + 1;
    }

    int rows() {
        return page.findElements(By.cssSelector("[data-rules=table] tbody tr")).size();
    }

    WebElement field(int rule, String label) {
        String text = "Rule " + rule + ": " + label;
        WebElement labelElement = page.findElement(By.xpath("//label[normalize-space()='" + text + "']"));
        return page.findElement(By.id(labelElement.getAttribute("for")));
    }

    /** The message the field's aria-describedby points at, once the field is marked invalid. */
    String errorOf(WebElement field) {
        assertThat(field.getAttribute("aria-invalid")).isEqualTo("true");
        return page.findElement(By.id(field.getAttribute("aria-describedby"))).getText();
    }

    /** Saves and waits for the page the save leads to (its outcome and refusals are then this page's, not the last's). */
    void save() {
        chromium.clickAndAwaitNextPage(page.findElement(By.xpath("//button[normalize-space()='Save rules']")));
    }

    String outcome() {
        return chromium.await(By.cssSelector("[role=status]")).getText();
    }

    String refusal() {
        return chromium.await(By.cssSelector("[role=alert]")).getText();
    }

    /** The refused fields listed at the top of the page. */
    List<String> refusedFields() {
        return page.findElements(By.cssSelector("ul.refusals li")).stream().map(WebElement::getText).toList();
    }
}
