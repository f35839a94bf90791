package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Year;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A checkout page on another origin loads {@code {simulator}/v3/}, mounts an Element and pays in headless Chromium,
 * as a shop's page would with Stripe.js. Without Chromium these tests are skipped (see {@link HeadlessChromium}).
 */
class StripeJsBrowserTests {

  private static final String NUMBER = "Card number";
  private static final String EXPIRY = "Expiry (MM / YY)";
  private static final String CVC = "CVC";
  private static final String CONFIRM = "POST /v1/payment_intents/{id}/confirm";

  private static StripeSimulator simulator;
  private static TestShop shop;
  private static WebDriver browser;
  private static StripeClient stripe;

  private final String future = "12" + String.format("%02d", (Year.now().getValue() + 3) % 100);

  @BeforeAll
  static void start() {
    browser = HeadlessChromium.start();
    simulator = StripeSimulator.builder().port(0).start();
    stripe = Clients.stripe(simulator);
    shop = TestShop.start(simulator.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (shop != null) {
      shop.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @BeforeEach
  void forgetEarlierPayments() {
    simulator.reset();
  }

  @Test
  void aTestVisaPaysAndTheElementReportsItsInput() throws StripeException {
    PaymentIntent intent = newPaymentIntent();
    open(intent, "card", "always");

    fillCard("4242 4242 4242 4242", future, "123");
    JsonObject change = lastChangeEvent();
    pay();

    assertThat(outcome()).isEqualTo("Payment succeeded");
    assertThat(change.get("complete").getAsBoolean()).isTrue();
    assertThat(change.get("empty").getAsBoolean()).isFalse();
    assertThat(change.get("brand").getAsString()).isEqualTo("visa");
    assertThat(change.has("error")).isFalse();
    assertThat(events()).contains("ready", "focus", "blur");
    JsonObject paid = result().getAsJsonObject("paymentIntent");
    assertThat(paid.get("id").getAsString()).isEqualTo(intent.getId());
    assertThat(paid.get("status").getAsString()).isEqualTo("succeeded");
    PaymentIntent stored = stripe.v1().paymentIntents().retrieve(intent.getId());
    assertThat(stored.getStatus()).isEqualTo("succeeded");
    assertThat(stripe.v1().paymentMethods().retrieve(stored.getPaymentMethod()).getCard().getLast4())
        .isEqualTo("4242");
    assertThat(simulator.apiCallCounts()).containsEntry(CONFIRM, 1L);
  }

  @Test
  void theInputsAreLabelledForAutofillAndKeyboards() throws StripeException {
    open(newPaymentIntent(), "card", "always");

    assertThat(input(NUMBER).getAttribute("autocomplete")).isEqualTo("cc-number");
    assertThat(input(EXPIRY).getAttribute("autocomplete")).isEqualTo("cc-exp");
    assertThat(input(CVC).getAttribute("autocomplete")).isEqualTo("cc-csc");
    input(NUMBER).click();
    browser.switchTo().activeElement().sendKeys(Keys.TAB);
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo(input(EXPIRY).getAttribute("id"));
    browser.switchTo().activeElement().sendKeys("1");
    assertThat(input(EXPIRY).getAttribute("value")).isEqualTo("1");
    browser.switchTo().activeElement().sendKeys("2");
    assertThat(input(EXPIRY).getAttribute("value")).isEqualTo("12 / ");
  }

  @Test
  void anElementKeepsItsInputWhenRemountedAndIsGoneWhenDestroyed() throws StripeException {
    open(newPaymentIntent(), "card", "always");
    WebElement container = browser.findElement(By.id("card-element"));
    retype(NUMBER, "4242");

    script("element.unmount()");
    assertThat(container.findElements(By.tagName("input"))).isEmpty();
    assertThat(container.getAttribute("class")).doesNotContain("StripeElement");
    script("element.mount('#card-element')");
    assertThat(input(NUMBER).getAttribute("value")).isEqualTo("4242");
    assertThat(container.getAttribute("class")).contains("StripeElement");
    script("element.destroy()");

    assertThat(container.findElements(By.tagName("input"))).isEmpty();
    assertThat(script("return elements.getElement('card') === null")).isEqualTo(true);
  }

  @Test
  void aDeclinedCardShowsTheDeclineAndTheCustomerCanPayWithAnotherCard() throws StripeException {
    PaymentIntent intent = newPaymentIntent();
    open(intent, "card", "always");

    fillCard("4000000000000002", future, "123");
    pay();

    assertThat(outcome()).isEqualTo("Error: Your card was declined.");
    JsonObject error = result().getAsJsonObject("error");
    assertThat(error.get("type").getAsString()).isEqualTo("card_error");
    assertThat(error.get("code").getAsString()).isEqualTo("card_declined");
    assertThat(error.get("decline_code").getAsString()).isEqualTo("generic_decline");
    assertThat(error.getAsJsonObject("payment_intent").get("id").getAsString()).isEqualTo(intent.getId());
    assertThat(error.getAsJsonObject("payment_intent").get("status").getAsString())
        .isEqualTo("requires_payment_method");

    input(NUMBER).clear();
    input(NUMBER).sendKeys("4242424242424242");
    pay();

    assertThat(outcome()).isEqualTo("Payment succeeded");
    assertThat(stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus()).isEqualTo("succeeded");
  }

  @Test
  void insufficientFundsIsItsOwnDecline() throws StripeException {
    open(newPaymentIntent(), "card", "always");

    fillCard("4000000000009995", future, "123");
    pay();

    assertThat(outcome()).isEqualTo("Error: Your card has insufficient funds.");
    assertThat(result().getAsJsonObject("error").get("decline_code").getAsString()).isEqualTo("insufficient_funds");
  }

  @Test
  void aThreeDSecureCardIsAuthenticatedInAnAccessibleDialog() throws StripeException {
    PaymentIntent intent = newPaymentIntent();
    open(intent, "card", "always");

    fillCard("4000002500003155", future, "123");
    pay();
    WebElement dialog = challenge();

    assertThat(dialog.getAttribute("aria-modal")).isEqualTo("true");
    assertThat(dialog.getText()).contains("$20.00");
    assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Complete authentication");
    browser.switchTo().activeElement().sendKeys(Keys.TAB);
    assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Fail authentication");
    browser.switchTo().activeElement().sendKeys(Keys.TAB);
    assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Complete authentication");
    assertThat(stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus()).isEqualTo("requires_action");
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);

    assertThat(outcome()).isEqualTo("Payment succeeded");
    assertThat(browser.findElements(By.cssSelector("[role=dialog]"))).isEmpty();
    assertThat(stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus()).isEqualTo("succeeded");
  }

  @Test
  void escapeFailsTheChallengeAndThePageHearsOfAnAuthenticationFailure() throws StripeException {
    PaymentIntent intent = newPaymentIntent();
    open(intent, "card", "always");

    fillCard("4000002760003184", future, "123");
    pay();
    challenge();
    browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);

    assertThat(outcome()).startsWith("Error: The provided PaymentMethod has failed authentication.");
    JsonObject error = result().getAsJsonObject("error");
    assertThat(error.get("code").getAsString()).isEqualTo("payment_intent_authentication_failure");
    assertThat(error.getAsJsonObject("payment_intent").get("status").getAsString())
        .isEqualTo("requires_payment_method");
    assertThat(stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus())
        .isEqualTo("requires_payment_method");
  }

  @Test
  void invalidInputIsRefusedWithoutCallingTheApi() throws StripeException {
    open(newPaymentIntent(), "card", "always");

    fillCard("4242 4242 4242 4241", future, "123");
    assertThat(browser.findElement(By.id("card-errors")).getText()).isEqualTo("Your card number is invalid.");
    assertThat(input(NUMBER).getAttribute("aria-invalid")).isEqualTo("true");
    pay();
    assertThat(outcome()).isEqualTo("Error: Your card number is invalid.");
    assertThat(result().getAsJsonObject("error").get("type").getAsString()).isEqualTo("validation_error");
    assertThat(result().getAsJsonObject("error").get("code").getAsString()).isEqualTo("invalid_number");

    retype(NUMBER, "4242424242424242");
    retype(EXPIRY, "0120");
    pay();
    assertThat(result().getAsJsonObject("error").get("code").getAsString()).isEqualTo("invalid_expiry_year_past");

    retype(EXPIRY, future);
    retype(CVC, "12");
    pay();
    assertThat(result().getAsJsonObject("error").get("code").getAsString()).isEqualTo("incomplete_cvc");

    assertThat(simulator.apiCallCounts()).doesNotContainKey(CONFIRM);
  }

  @Test
  void confirmPaymentGoesToTheReturnUrlWithThePaymentIntent() throws StripeException {
    PaymentIntent intent = newPaymentIntent();
    open(intent, "payment", "always");

    fillCard("4242424242424242", future, "123");
    pay();

    Map<String, String> query = returnPageQuery();
    assertThat(query).containsEntry("order", "42")
        .containsEntry("payment_intent", intent.getId())
        .containsEntry("payment_intent_client_secret", intent.getClientSecret())
        .containsEntry("redirect_status", "succeeded");
    assertThat(stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus()).isEqualTo("succeeded");
  }

  @Test
  void confirmPaymentGoesToTheReturnUrlAfterACompletedChallenge() throws StripeException {
    PaymentIntent intent = newPaymentIntent();
    open(intent, "payment", "always");

    fillCard("4000000000003220", future, "123");
    pay();
    challenge().findElement(By.xpath(".//button[normalize-space()='Complete authentication']")).click();

    Map<String, String> query = returnPageQuery();
    assertThat(query).containsEntry("payment_intent", intent.getId())
        .containsEntry("redirect_status", "succeeded");
    assertThat(stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus()).isEqualTo("succeeded");
  }

  @Test
  void thePaymentElementShowsItsOwnErrorsAndIfRequiredResolvesWithoutLeavingThePage() throws StripeException {
    PaymentIntent intent = newPaymentIntent();
    open(intent, "payment", "if_required");

    pay();
    assertThat(outcome()).isEqualTo("Error: Your card number is incomplete.");
    assertThat(browser.findElement(By.cssSelector("[data-stripe-stand-in=payment]")).getText())
        .contains("Your card number is incomplete.");
    fillCard("5555555555554444", future, "123");
    pay();

    assertThat(outcome()).isEqualTo("Payment succeeded");
    assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/checkout");
    assertThat(stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus()).isEqualTo("succeeded");
  }

  private static PaymentIntent newPaymentIntent() throws StripeException {
    return stripe.v1().paymentIntents().create(twentyDollars().build());
  }

  private static void open(PaymentIntent intent, String mode, String redirect) {
    browser.get(shop.checkout(simulator.publishableKey(), intent.getClientSecret(), mode, redirect));
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(driver -> !driver.findElements(By.cssSelector("[data-stripe-stand-in] input")).isEmpty());
  }

  /** The input a customer finds by its label's text. */
  private static WebElement input(String label) {
    WebElement labelElement = browser.findElement(By.xpath("//label[normalize-space()='" + label + "']"));
    return browser.findElement(By.id(labelElement.getAttribute("for")));
  }

  private static void fillCard(String number, String expiry, String cvc) {
    retype(NUMBER, number);
    retype(EXPIRY, expiry);
    retype(CVC, cvc);
    browser.findElement(By.tagName("h1")).click();
  }

  private static void retype(String label, String text) {
    WebElement field = input(label);
    field.clear();
    field.sendKeys(text);
  }

  private static void pay() {
    script("window.result = undefined;"
        + " document.getElementById('outcome').textContent = '';");
    browser.findElement(By.id("pay")).click();
  }

  private static String outcome() {
    return new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> {
      String text = driver.findElement(By.id("outcome")).getText();
      return text.isEmpty() ? null : text;
    });
  }

  private static WebElement challenge() {
    return new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=dialog]")));
  }

  private static JsonObject result() {
    outcome();
    return JsonParser.parseString((String) script("return JSON.stringify(window.result)")).getAsJsonObject();
  }

  private static JsonObject lastChangeEvent() {
    return JsonParser.parseString((String) script(
        "return JSON.stringify(window.events.filter(e => e.name === 'change').pop().event)")).getAsJsonObject();
  }

  private static Object script(String javascript) {
    return ((JavascriptExecutor) browser).executeScript(javascript);
  }

  private static String events() {
    return (String) script("return window.events.map(e => e.name).join(' ')");
  }

  private static Map<String, String> returnPageQuery() {
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/return?"));
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : URI.create(browser.getCurrentUrl()).getRawQuery().split("&")) {
      String[] parts = pair.split("=", 2);
      query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8));
    }
    return query;
  }
}
