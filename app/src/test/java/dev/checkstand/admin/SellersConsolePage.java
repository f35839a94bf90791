package dev.checkstand.admin;

import dev.checkstand.support.Chromium;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The console's seller list and its create form, as an admin uses them. */
final class SellersConsolePage {

    private final Chromium chromium;
    private final WebDriver page;

    private SellersConsolePage(Chromium chromium) {
        this.chromium = chromium;
        this.page = chromium.driver();
    }

    /** Follows the console navigation's "Sellers" link from any console page. */
    static SellersConsolePage open(Chromium chromium) {
        chromium.click(chromium.driver().findElement(By.linkText("Sellers")));
        chromium.awaitText(By.tagName("h1"), "Sellers", 10);
        return new SellersConsolePage(chromium);
    }

    /** The list as the browser shows it now. */
    static SellersConsolePage current(Chromium chromium) {
        return new SellersConsolePage(chromium);
    }

    /** Fills the create form and sends it; the page it leads to is the new seller's, or this one with a refusal. */
    void create(String name, String email, String commissionPercent) {
        type("name", name);
        type("email", email);
        type("commission", commissionPercent);
        chromium.clickAndAwaitNextPage(page.findElement(By.xpath("//button[normalize-space()='Create seller']")));
    }

    /** The seller's row as text, cell by cell. */
    String row(String name) {
        return page.findElement(By.xpath("//table[contains(@class,'lines')]//tr[td/a[normalize-space()=\"" + name
                + "\"]]")).getText();
    }

    /** The status the seller's row says in words. */
    String status(String name) {
        return page.findElement(By.xpath("//table[contains(@class,'lines')]//tr[td/a[normalize-space()=\"" + name
                + "\"]]/td[@data-field='status']")).getText();
    }

    /** Follows the seller's link to its page. */
    SellerConsolePage openSeller(String name) {
        chromium.click(page.findElement(By.linkText(name)));
        chromium.awaitText(By.tagName("h1"), name, 10);
        return new SellerConsolePage(chromium);
    }

    /** The create form's field's value as the page shows it (by id: name, email, commission). */
    String field(String id) {
        return page.findElement(By.id(id)).getAttribute("value");
    }

    String refusal() {
        return chromium.await(By.cssSelector("[role=alert]")).getText();
    }

    private void type(String id, String value) {
        WebElement field = page.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }
}
