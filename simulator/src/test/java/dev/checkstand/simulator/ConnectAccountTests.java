package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.idempotencyKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.AccountLink;
import com.stripe.model.Event;
import com.stripe.model.StripeCollection;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.Webhook;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountLinkCreateParams;
import com.stripe.param.AccountListParams;
import com.stripe.param.AccountUpdateParams;
import com.stripe.param.WebhookEndpointCreateParams;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectAccountTests {

  static final String RETURN_URL = "https://shop.example/sellers/onboarded";
  static final String REFRESH_URL = "https://shop.example/sellers/onboarding/refresh";

  private ConnectSimulator setup;
  private WebhookReceiver platform;
  private WebhookReceiver connect;
  private StripeSimulator simulator;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    setup = ConnectSimulator.start();
    platform = setup.platform();
    connect = setup.connect();
    simulator = setup.simulator();
    stripe = Clients.stripe(simulator);
  }

  @AfterEach
  void stop() {
    setup.close();
  }

  @Test
  void aNewExpressAccountCannotChargeUntilOnboarded() throws StripeException {
    long before = simulator.now().getEpochSecond();
    Account account = stripe.v1().accounts().create(seller("ada@example.com").build(),
        idempotencyKey("seller-7:account"));
    long after = simulator.now().getEpochSecond();

    assertThat(account.getId()).matches("acct_[A-Za-z0-9]{24}");
    assertThat(account.getObject()).isEqualTo("account");
    assertThat(account.getType()).isEqualTo("express");
    assertThat(account.getCountry()).isEqualTo("US");
    assertThat(account.getDefaultCurrency()).isEqualTo("usd");
    assertThat(account.getEmail()).isEqualTo("ada@example.com");
    assertThat(account.getMetadata()).isEqualTo(Map.of("seller_id", "seller-7"));
    assertThat(account.getBusinessProfile().getUrl()).isEqualTo("https://ada.example");
    assertThat(account.getChargesEnabled()).isFalse();
    assertThat(account.getPayoutsEnabled()).isFalse();
    assertThat(account.getDetailsSubmitted()).isFalse();
    assertThat(account.getCapabilities().getCardPayments()).isEqualTo("inactive");
    assertThat(account.getCapabilities().getTransfers()).isEqualTo("inactive");
    Account.Requirements requirements = account.getRequirements();
    assertThat(requirements.getCurrentlyDue()).contains("external_account", "tos_acceptance.date",
        "tos_acceptance.ip").doesNotContain("business_profile.url");
    assertThat(requirements.getEventuallyDue()).containsAll(requirements.getCurrentlyDue());
    assertThat(requirements.getDisabledReason()).isEqualTo("requirements.past_due");
    assertThat(requirements.getCurrentDeadline()).isNull();
    assertThat(requirements.getErrors()).isEmpty();
    assertThat(requirements.getPendingVerification()).isEmpty();
    assertThat(account.getController().getStripeDashboard().getType()).isEqualTo("express");
    // The simulator's clock runs: the account was created between the two readings of it.
    assertThat(account.getCreated()).isBetween(before, after);

    Account again = stripe.v1().accounts().create(seller("ada@example.com").build(),
        idempotencyKey("seller-7:account"));
    assertThat(again.getId()).isEqualTo(account.getId());
    assertThat(stripe.v1().accounts().retrieve(account.getId()).getEmail()).isEqualTo("ada@example.com");
    assertThat(simulator.eventIds(null)).isEmpty();
  }

  @Test
  void accountsAreUpdatedAndListedNewestFirst() throws Exception {
    Account first = stripe.v1().accounts().create(seller("a@example.com").build());
    Account second = stripe.v1().accounts().create(seller("b@example.com").build());
    Account third = stripe.v1().accounts().create(seller("c@example.com").build());

    Account updated = stripe.v1().accounts().update(first.getId(), AccountUpdateParams.builder()
        .setEmail("new@example.com").putMetadata("tier", "gold")
        .setBusinessProfile(AccountUpdateParams.BusinessProfile.builder().setName("Ada's Mugs").build())
        .build());

    assertThat(updated.getEmail()).isEqualTo("new@example.com");
    assertThat(updated.getMetadata()).isEqualTo(Map.of("seller_id", "seller-7", "tier", "gold"));
    assertThat(updated.getBusinessProfile().getName()).isEqualTo("Ada's Mugs");
    assertThat(updated.getBusinessProfile().getUrl()).isEqualTo("https://ada.example");
    Event event = awaitConnectEvent("account.updated");
    assertThat(event.getAccount()).isEqualTo(first.getId());
    assertThat(event.getData().getPreviousAttributes()).containsKeys("email", "metadata");

    StripeCollection<Account> page = stripe.v1().accounts().list(
        AccountListParams.builder().setLimit(2L).build());
    assertThat(page.getData()).extracting(Account::getId).containsExactly(third.getId(), second.getId());
    assertThat(page.getHasMore()).isTrue();
    StripeCollection<Account> rest = stripe.v1().accounts().list(
        AccountListParams.builder().setStartingAfter(second.getId()).build());
    assertThat(rest.getData()).extracting(Account::getId).containsExactly(first.getId());
    assertThat(rest.getHasMore()).isFalse();

    Account deleted = stripe.v1().accounts().delete(third.getId());
    assertThat(deleted.getDeleted()).isTrue();
    PermissionException gone = catchThrowableOfType(PermissionException.class,
        () -> stripe.v1().accounts().retrieve(third.getId()));
    assertThat(gone.getStatusCode()).isEqualTo(403);
    assertThat(gone.getCode()).isEqualTo("account_invalid");
    assertThat(gone.getMessage()).contains("does not have access to account '" + third.getId()
        + "' (or that account does not exist). Application access may have been revoked.");
  }

  @Test
  void theAccountLinkPageCompletesOnboardingAndRedirectsToTheReturnUrl() throws Exception {
    Account account = stripe.v1().accounts().create(seller("ada@example.com").build());
    AccountLink link = onboardingLink(account.getId());

    assertThat(link.getObject()).isEqualTo("account_link");
    assertThat(link.getExpiresAt()).isEqualTo(link.getCreated() + 300);
    assertThat(link.getUrl()).startsWith(simulator.baseUrl() + "/connect/onboarding/");
    HttpResponse<String> page = Clients.send(HttpRequest.newBuilder(URI.create(link.getUrl())));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.body()).contains("<h1>Complete onboarding for " + account.getId() + "</h1>",
        "<form method=\"post\"", "<button type=\"submit\">Complete onboarding</button>");

    HttpResponse<String> submitted = submit(link);

    assertThat(submitted.statusCode()).isEqualTo(303);
    assertThat(submitted.headers().firstValue("Location").orElseThrow()).isEqualTo(RETURN_URL);
    Account onboarded = stripe.v1().accounts().retrieve(account.getId());
    assertThat(onboarded.getDetailsSubmitted()).isTrue();
    assertThat(onboarded.getChargesEnabled()).isTrue();
    assertThat(onboarded.getPayoutsEnabled()).isTrue();
    assertThat(onboarded.getCapabilities().getCardPayments()).isEqualTo("active");
    assertThat(onboarded.getCapabilities().getTransfers()).isEqualTo("active");
    assertThat(onboarded.getRequirements().getCurrentlyDue()).isEmpty();
    assertThat(onboarded.getRequirements().getPastDue()).isEmpty();
    assertThat(onboarded.getRequirements().getDisabledReason()).isNull();
    assertThat(onboarded.getTosAcceptance().getDate()).isNotNull();

    Event event = awaitConnectEvent("account.updated");
    assertThat(event.getAccount()).isEqualTo(account.getId());
    Account inEvent = (Account) event.getDataObjectDeserializer().getObject().orElseThrow();
    assertThat(inEvent.getChargesEnabled()).isTrue();
    Map<String, Object> previous = event.getData().getPreviousAttributes();
    assertThat(previous.get("charges_enabled")).isEqualTo(false);
    assertThat(previous.get("details_submitted")).isEqualTo(false);
  }

  @Test
  void aUsedOrExpiredLinkRedirectsToTheRefreshUrlAndChangesNothing() throws Exception {
    Account account = stripe.v1().accounts().create(seller("ada@example.com").build());
    AccountLink used = onboardingLink(account.getId());
    submit(used);
    await().until(() -> simulator.eventIds("account.updated").size() == 1);

    assertThat(submit(used).headers().firstValue("Location")).hasValue(REFRESH_URL);
    HttpResponse<String> reopened = Clients.send(HttpRequest.newBuilder(URI.create(used.getUrl())));
    assertThat(reopened.statusCode()).isEqualTo(303);
    assertThat(reopened.headers().firstValue("Location")).hasValue(REFRESH_URL);

    Account other = stripe.v1().accounts().create(seller("bob@example.com").build());
    AccountLink expiring = onboardingLink(other.getId());
    simulator.advanceClock(Duration.ofSeconds(300));
    HttpResponse<String> expired = submit(expiring);
    assertThat(expired.statusCode()).isEqualTo(303);
    assertThat(expired.headers().firstValue("Location")).hasValue(REFRESH_URL);
    assertThat(Clients.send(HttpRequest.newBuilder(URI.create(expiring.getUrl())))
        .headers().firstValue("Location")).hasValue(REFRESH_URL);
    assertThat(stripe.v1().accounts().retrieve(other.getId()).getChargesEnabled()).isFalse();
    assertThat(simulator.eventIds("account.updated")).hasSize(1);
    assertThat(Clients.send(Clients.request(simulator, "/connect/onboarding/nope")).statusCode())
        .isEqualTo(404);
  }

  @Test
  void accountLinksAreValidatedAsStripeDoes() throws StripeException {
    Account account = stripe.v1().accounts().create(seller("ada@example.com").build());

    InvalidRequestException missing = catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().accountLinks().create(AccountLinkCreateParams.builder()
            .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
            .setRefreshUrl(REFRESH_URL).setReturnUrl(RETURN_URL).build()));
    InvalidRequestException unknown = catchThrowableOfType(InvalidRequestException.class,
        () -> onboardingLink("acct_nope"));
    InvalidRequestException badUrl = catchThrowableOfType(InvalidRequestException.class,
        () -> stripe.v1().accountLinks().create(AccountLinkCreateParams.builder()
            .setAccount(account.getId()).setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
            .setRefreshUrl("not a url").setReturnUrl(RETURN_URL).build()));

    assertThat(missing.getCode()).isEqualTo("parameter_missing");
    assertThat(missing.getParam()).isEqualTo("account");
    assertThat(unknown.getCode()).isEqualTo("resource_missing");
    assertThat(unknown.getParam()).isEqualTo("account");
    assertThat(unknown.getMessage()).startsWith("No such account: 'acct_nope'");
    assertThat(badUrl.getCode()).isEqualTo("url_invalid");
    assertThat(badUrl.getParam()).isEqualTo("refresh_url");
  }

  @Test
  void aStatusChangeSendsOneAccountUpdatedToTheConnectEndpointOnly() throws Exception {
    Account account = stripe.v1().accounts().create(seller("ada@example.com").build());
    simulator.completeOnboarding(account.getId());
    await().until(() -> connect.received().size() == 1);

    simulator.setAccountStatus(account.getId(), false, false);

    await().until(() -> connect.received().size() == 2);
    WebhookReceiver.Received request = connect.received().get(1);
    Event event = Webhook.constructEvent(request.body(), request.signature(),
        simulator.connectWebhookSecret());
    assertThat(event.getType()).isEqualTo("account.updated");
    assertThat(event.getAccount()).isEqualTo(account.getId());
    assertThat(JsonParser.parseString(request.body()).getAsJsonObject().get("account").getAsString())
        .isEqualTo(account.getId());
    Account disabled = (Account) event.getDataObjectDeserializer().getObject().orElseThrow();
    assertThat(disabled.getChargesEnabled()).isFalse();
    assertThat(disabled.getPayoutsEnabled()).isFalse();
    assertThat(disabled.getCapabilities().getCardPayments()).isEqualTo("inactive");
    assertThat(disabled.getRequirements().getDisabledReason()).isEqualTo("requirements.past_due");
    assertThat(disabled.getRequirements().getPastDue()).containsExactly("individual.verification.document");
    assertThat(event.getData().getPreviousAttributes().get("charges_enabled")).isEqualTo(true);
    assertThatThrownBy(() -> Webhook.constructEvent(request.body(), request.signature(),
        simulator.webhookSecret())).isInstanceOf(SignatureVerificationException.class);

    simulator.setAccountStatus(account.getId(), false, false);

    await().during(Duration.ofMillis(300)).until(() -> connect.received().size() == 2);
    assertThat(platform.received()).isEmpty();
    assertThat(simulator.eventIds("account.updated")).hasSize(2);
  }

  @Test
  void theControlRoutesOnboardAndDeactivateAnAccount() throws Exception {
    Account account = stripe.v1().accounts().create(seller("ada@example.com").build());

    assertThat(post("/_sim/accounts/" + account.getId() + "/onboard", "").statusCode()).isEqualTo(200);
    assertThat(stripe.v1().accounts().retrieve(account.getId()).getChargesEnabled()).isTrue();
    HttpResponse<String> deactivated = post("/_sim/accounts/" + account.getId(),
        "{\"charges_enabled\": false, \"disabled_reason\": \"rejected.other\"}");

    assertThat(deactivated.statusCode()).isEqualTo(200);
    Account rejected = stripe.v1().accounts().retrieve(account.getId());
    assertThat(rejected.getChargesEnabled()).isFalse();
    assertThat(rejected.getPayoutsEnabled()).isTrue();
    assertThat(rejected.getCapabilities().getTransfers()).isEqualTo("inactive");
    assertThat(rejected.getRequirements().getDisabledReason()).isEqualTo("rejected.other");
    assertThat(rejected.getRequirements().getPastDue()).isEmpty();
    assertThat(post("/_sim/accounts/" + account.getId(), "{\"disabled_reason\": \"grumpy\"}")
        .statusCode()).isEqualTo(400);
    assertThat(post("/_sim/accounts/acct_nope/onboard", "").statusCode()).isEqualTo(404);
    await().until(() -> simulator.eventIds("account.updated").size() == 2);
    JsonObject config = JsonParser.parseString(Clients.send(Clients.request(simulator, "/_sim/config"))
        .body()).getAsJsonObject();
    assertThat(config.get("connectWebhookUrl").getAsString()).isEqualTo(connect.url());
  }

  @Test
  void connectEndpointsMadeThroughTheApiGetOnlyConnectedAccountEvents() throws Exception {
    simulator.setConnectWebhookUrl(null);
    simulator.setWebhookUrl(null);
    try (WebhookReceiver made = WebhookReceiver.start()) {
      WebhookEndpoint endpoint = stripe.v1().webhookEndpoints().create(
          WebhookEndpointCreateParams.builder().setUrl(made.url()).setConnect(true)
              .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ACCOUNT__UPDATED).build());
      assertThat(endpoint.getApplication()).matches("ca_[A-Za-z0-9]{24}");
      Account account = stripe.v1().accounts().create(seller("ada@example.com").build());

      simulator.completeOnboarding(account.getId());
      stripe.v1().paymentIntents().create(Clients.twentyDollars().build());

      await().until(() -> made.received().size() == 1);
      Event event = Webhook.constructEvent(made.received().get(0).body(),
          made.received().get(0).signature(), endpoint.getSecret());
      assertThat(event.getAccount()).isEqualTo(account.getId());
      await().during(Duration.ofMillis(300)).until(() -> made.received().size() == 1);
    }
  }

  private Event awaitConnectEvent(String type) {
    await().until(() -> !connect.receivedMentioning("\"type\":\"" + type + "\"").isEmpty());
    WebhookReceiver.Received request = connect.receivedMentioning("\"type\":\"" + type + "\"").get(0);
    try {
      return Webhook.constructEvent(request.body(), request.signature(), simulator.connectWebhookSecret());
    } catch (SignatureVerificationException e) {
      throw new AssertionError(e);
    }
  }

  private AccountLink onboardingLink(String account) throws StripeException {
    return stripe.v1().accountLinks().create(AccountLinkCreateParams.builder().setAccount(account)
        .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
        .setRefreshUrl(REFRESH_URL).setReturnUrl(RETURN_URL).build());
  }

  private static HttpResponse<String> submit(AccountLink link) {
    return Clients.send(HttpRequest.newBuilder(URI.create(link.getUrl()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("")));
  }

  private HttpResponse<String> post(String path, String json) {
    return Clients.send(Clients.request(simulator, path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** An Express seller in the US asking for card payments and transfers. */
  static AccountCreateParams.Builder seller(String email) {
    return AccountCreateParams.builder()
        .setType(AccountCreateParams.Type.EXPRESS)
        .setCountry("US")
        .setEmail(email)
        .setBusinessProfile(AccountCreateParams.BusinessProfile.builder().setUrl("https://ada.example").build())
        .setCapabilities(AccountCreateParams.Capabilities.builder()
            .setCardPayments(AccountCreateParams.Capabilities.CardPayments.builder().setRequested(true).build())
            .setTransfers(AccountCreateParams.Capabilities.Transfers.builder().setRequested(true).build())
            .build())
        .putMetadata("seller_id", "seller-7");
  }
}
