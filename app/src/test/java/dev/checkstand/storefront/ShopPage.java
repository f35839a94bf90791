package dev.checkstand.storefront;

import dev.checkstand.support.Api;
import dev.checkstand.support.Chromium;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The demo shop as a customer uses it: the shelf, the cart with its shipping quote, and the checkout form. */
final class ShopPage {

    static final By QUOTE = By.cssSelector("[data-quote=region]");

    private final Chromium chromium;
    private final WebDriver page;

    private ShopPage(Chromium chromium) {
        this.chromium = chromium;
        this.page = chromium.driver();
    }

    static ShopPage open(Chromium chromium, Api api) {
        chromium.open(api.url("/"));
        return new ShopPage(chromium);
    }

    ShopPage addToCart(UUID product, int quantity) {
        WebElement shelf = chromium.await(By.cssSelector("[data-product-id='" + product + "']"));
        for (int i = 0; i < quantity; i++) {
            chromium.click(shelf.findElement(By.cssSelector("button.add")));
        }
        chromium.awaitText(By.cssSelector("[data-cart=lines]"), quantity + " × Test product", 5);
        return this;
    }

    ShopPage chooseCountry(String name) {
        new Select(page.findElement(By.id("country"))).selectByVisibleText(name);
        return this;
    }

    /** The quote once it says {@code expected} (the cart's shipping, delivery and total, or why there is none). */
    String quoteSaying(String expected) {
        return chromium.awaitText(QUOTE, expected, 10);
    }

    String total() {
        return page.findElement(By.cssSelector("[data-quote=total]")).getText();
    }

    WebElement country() {
        return page.findElement(By.id("country"));
    }

    /** The note next to the country field that its aria-describedby points at; empty when there is none. */
    String countryNote() {
        String describedBy = country().getAttribute("aria-describedby");
        return describedBy == null ? "" : page.findElement(By.id(describedBy)).getText();
    }

    WebElement payButton() {
        return page.findElement(By.cssSelector("[data-checkout=submit]"));
    }

    ShopPage fillAddress(String name) {
        page.findElement(By.id("email")).sendKeys("buyer@example.com");
        page.findElement(By.id("name")).sendKeys(name);
        page.findElement(By.id("line1")).sendKeys("1 Rue de Rivoli");
        page.findElement(By.id("city")).sendKeys("Paris");
        page.findElement(By.id("postalCode")).sendKeys("75001");
        return this;
    }

    /** Types a card into the card element and pays on the page. */
    void payByCard(String number) {
        chromium.await(By.cssSelector("#card-element input[name=cardnumber]")).sendKeys(number);
        page.findElement(By.cssSelector("#card-element input[name=exp-date]")).sendKeys("12 / 34");
        page.findElement(By.cssSelector("#card-element input[name=cvc]")).sendKeys("123");
        chromium.click(payButton());
    }
}
