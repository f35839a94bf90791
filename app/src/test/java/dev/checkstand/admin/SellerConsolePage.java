package dev.checkstand.admin;

import dev.checkstand.support.Chromium;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One seller's console page as an admin uses it: its account's state, the edit form and the onboarding link. */
final class SellerConsolePage {

    private final Chromium chromium;
    private final WebDriver page;

    SellerConsolePage(Chromium chromium) {
        this.chromium = chromium;
        this.page = chromium.driver();
    }

    /** What the seller's account may do, in words, as the page's lead says it. */
    String status() {
        return page.findElement(By.cssSelector(".lead [data-field=status]")).getText();
    }

    /** The value of the Stripe account's fact {@code field} (account, charges, payouts, currentlyDue, pastDue, accountAsOf). */
    String account(String field) {
        return page.findElement(By.xpath("//section[h2[normalize-space()='Stripe account']]"))
                .findElement(By.cssSelector("[data-field=" + field + "]")).getText();
    }

    /** Reloads the page, as an admin waiting for Stripe would. */
    SellerConsolePage reload() {
        page.navigate().refresh();
        chromium.await(By.cssSelector(".lead [data-field=status]"));
        return this;
    }

    /** Asks for an onboarding link and waits for the page that shows it (or says why not). */
    SellerConsolePage requestOnboardingLink() {
        send(page.findElement(By.xpath("//button[normalize-space()='Onboarding link']")));
        return this;
    }

    /** The onboarding link shown for copying. */
    String onboardingUrl() {
        return page.findElement(By.id("onboarding-url")).getAttribute("value");
    }

    boolean offersOnboardingUrl() {
        return !page.findElements(By.id("onboarding-url")).isEmpty();
    }

    /** What the onboarding link's label says, its expiry included. */
    String onboardingLabel() {
        return page.findElement(By.cssSelector("label[for=onboarding-url]")).getText();
    }

    /** Types into the edit form's field labelled {@code label} ("Commission (%)") and saves. */
    SellerConsolePage edit(String label, String value) {
        // Found, cleared and typed again as one step while the page is still settling (Chromium may drop a node found
        // a moment before: "Node with given id does not belong to the document"), until the field holds the value.
        new WebDriverWait(page, Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class, WebDriverException.class)
                .until(d -> {
                    WebElement field = field(label);
                    field.clear();
                    field.sendKeys(value);
                    return value.equals(field.getAttribute("value"));
                });
        send(page.findElement(By.xpath("//button[normalize-space()='Save']")));
        return this;
    }

    WebElement field(String label) {
        WebElement labelElement = page.findElement(By.xpath("//label[normalize-space()='" + label + "']"));
        return page.findElement(By.id(labelElement.getAttribute("for")));
    }

    String outcome() {
        return chromium.await(By.cssSelector("[role=status]")).getText();
    }

    String refusal() {
        return chromium.await(By.cssSelector("[role=alert]")).getText();
    }

    /** Follows the page's link back to the seller list. */
    SellersConsolePage backToList() {
        chromium.click(page.findElement(By.linkText("← All sellers")));
        chromium.awaitText(By.tagName("h1"), "Sellers", 10);
        return SellersConsolePage.current(chromium);
    }

    private void send(WebElement button) {
        chromium.clickAndAwaitNextPage(button);
    }
}
