package dev.checkstand.admin;

import dev.checkstand.support.Chromium;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

/** A product's console page as an admin uses it to give the product to a seller. */
final class ProductConsolePage {

    private final Chromium chromium;
    private final WebDriver page;

    private ProductConsolePage(Chromium chromium) {
        this.chromium = chromium;
        this.page = chromium.driver();
    }

    /** Opens the product's page at {@code url} (the console's {@code /admin/products/{id}}). */
    static ProductConsolePage open(Chromium chromium, String url) {
        chromium.open(url);
        chromium.await(By.id("sellerId"));
        return new ProductConsolePage(chromium);
    }

    /** Chooses who sells the product, by the name the select shows ("The shop itself" or a seller's). */
    ProductConsolePage sellBy(String shown) {
        new Select(page.findElement(By.id("sellerId"))).selectByVisibleText(shown);
        return this;
    }

    String seller() {
        return new Select(page.findElement(By.id("sellerId"))).getFirstSelectedOption().getText();
    }

    /** Saves the product form and waits for the page it leads to. */
    ProductConsolePage save() {
        chromium.clickAndAwaitNextPage(page.findElement(By.xpath("//button[normalize-space()='Save']")));
        return this;
    }

    String outcome() {
        return chromium.await(By.cssSelector("[role=status]")).getText();
    }

    /** Follows "← All products" and answers the seller the product list shows for {@code product}. */
    String sellerListed(UUID product) {
        chromium.click(page.findElement(By.linkText("← All products")));
        chromium.awaitText(By.tagName("h1"), "Products", 10);
        return page.findElement(By.xpath("//tr[td/a[contains(@href,'" + product + "')]]/td[@data-field='seller']"))
                .getText();
    }
}
