package dev.checkstand.simulator;

import static dev.checkstand.simulator.Clients.twentyDollars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.StripeCollection;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.Webhook;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.WebhookEndpointCreateParams.EnabledEvent;
import com.stripe.param.WebhookEndpointUpdateParams;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookEndpointTests {

  private WebhookReceiver receiver;
  private WebhookReceiver other;
  private StripeSimulator simulator;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    receiver = WebhookReceiver.start();
    other = WebhookReceiver.start();
    simulator = StripeSimulator.builder().port(0).webhookUrl(receiver.url())
        .webhookRetryDelays(List.of(Duration.ofMillis(300))).start();
    stripe = Clients.stripe(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
    receiver.close();
    other.close();
  }

  @Test
  void anEndpointIsCreatedWithItsSecretThenRetrievedUpdatedListedAndDeleted() throws StripeException {
    WebhookEndpoint created = stripe.v1().webhookEndpoints().create(WebhookEndpointCreateParams.builder()
        .setUrl(other.url()).addEnabledEvent(EnabledEvent.PAYMENT_INTENT__SUCCEEDED)
        .setDescription("fulfilment").putMetadata("team", "shop").build());

    WebhookEndpoint retrieved = stripe.v1().webhookEndpoints().retrieve(created.getId());
    WebhookEndpoint updated = stripe.v1().webhookEndpoints().update(created.getId(),
        WebhookEndpointUpdateParams.builder().setDisabled(true).build());
    StripeCollection<WebhookEndpoint> listed = stripe.v1().webhookEndpoints().list();
    WebhookEndpoint deleted = stripe.v1().webhookEndpoints().delete(created.getId());
    InvalidRequestException gone = catchThrowableOfType(
        () -> stripe.v1().webhookEndpoints().retrieve(created.getId()), InvalidRequestException.class);

    assertThat(created.getId()).matches("we_[A-Za-z0-9]{24}");
    assertThat(created.getObject()).isEqualTo("webhook_endpoint");
    assertThat(created.getSecret()).matches("whsec_[A-Za-z0-9]{32}");
    assertThat(created.getEnabledEvents()).containsExactly("payment_intent.succeeded");
    assertThat(created.getStatus()).isEqualTo("enabled");
    assertThat(created.getUrl()).isEqualTo(other.url());
    assertThat(retrieved.getSecret()).isNull();
    assertThat(retrieved.getDescription()).isEqualTo("fulfilment");
    assertThat(retrieved.getMetadata()).containsEntry("team", "shop");
    assertThat(updated.getStatus()).isEqualTo("disabled");
    assertThat(listed.getData()).extracting(WebhookEndpoint::getId)
        .containsExactly(created.getId(), simulator.webhookEndpointId());
    assertThat(deleted.getDeleted()).isTrue();
    assertThat(gone.getStatusCode()).isEqualTo(404);
    assertThat(simulator.webhookSecret(simulator.webhookEndpointId())).isEqualTo(simulator.webhookSecret());
  }

  @Test
  void invalidEndpointsAreRefused() {
    InvalidRequestException badUrl = catchThrowableOfType(() -> stripe.v1().webhookEndpoints().create(
        WebhookEndpointCreateParams.builder().setUrl("ftp://shop.example/hooks")
            .addEnabledEvent(EnabledEvent.ALL).build()), InvalidRequestException.class);
    InvalidRequestException noEvents = catchThrowableOfType(() -> stripe.v1().webhookEndpoints().create(
        WebhookEndpointCreateParams.builder().setUrl(other.url()).build()), InvalidRequestException.class);

    assertThat(badUrl.getParam()).isEqualTo("url");
    assertThat(noEvents.getCode()).isEqualTo("parameter_missing");
    assertThat(noEvents.getParam()).isEqualTo("enabled_events");
    for (int i = 0; i < 15; i++) {
      simulator.addWebhookEndpoint(other.url());
    }
    assertThatThrownBy(() -> simulator.addWebhookEndpoint(other.url()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximum of 16");
  }

  @Test
  void eachEndpointGetsTheEventsItTakesSignedWithItsOwnSecret() throws StripeException {
    WebhookEndpoint succeededOnly = stripe.v1().webhookEndpoints().create(WebhookEndpointCreateParams
        .builder().setUrl(other.url()).addEnabledEvent(EnabledEvent.PAYMENT_INTENT__SUCCEEDED).build());

    stripe.v1().paymentIntents().create(twentyDollars().setPaymentMethod("pm_card_visa")
        .setConfirm(true).build());

    await().until(() -> receiver.received().size() == 3 && other.received().size() == 1);
    WebhookReceiver.Received only = other.received().get(0);
    Event event = Webhook.constructEvent(only.body(), only.signature(), succeededOnly.getSecret());
    assertThat(event.getType()).isEqualTo("payment_intent.succeeded");
    assertThat(event.getPendingWebhooks()).isEqualTo(2L);
    assertThatThrownBy(() -> Webhook.constructEvent(only.body(), only.signature(), simulator.webhookSecret()))
        .isInstanceOf(SignatureVerificationException.class);
    for (WebhookReceiver.Received request : receiver.received()) {
      Webhook.constructEvent(request.body(), request.signature(), simulator.webhookSecret());
    }
    await().until(() -> simulator.deliveries().size() == 4);
    assertThat(simulator.deliveries()).filteredOn(d -> d.endpointId().equals(succeededOnly.getId()))
        .extracting(WebhookDelivery::eventType).containsExactly("payment_intent.succeeded");
  }

  @Test
  void disabledAndDeletedEndpointsGetNothingMoreNotEvenRetries() throws StripeException {
    String failing = simulator.addWebhookEndpoint(other.url());
    other.respondWith(500);
    stripe.v1().paymentIntents().create(twentyDollars().build());
    await().until(() -> other.received().size() == 1);

    stripe.v1().webhookEndpoints().delete(failing);
    simulator.setWebhookUrl(null);
    stripe.v1().paymentIntents().create(twentyDollars().build());

    await().during(Duration.ofMillis(600)).until(() -> other.received().size() == 1);
    assertThat(receiver.received()).hasSize(1);
    assertThat(simulator.eventIds(null)).hasSize(2);
  }

  @Test
  void duringASecretRollDeliveriesCarryBothSignaturesAndVerifyWithEitherSecret() throws Exception {
    String oldSecret = simulator.webhookSecret();

    String newSecret = simulator.rollWebhookSecret();
    stripe.v1().paymentIntents().create(twentyDollars().build());
    await().until(() -> receiver.received().size() == 1);
    simulator.expireOldWebhookSecret();
    stripe.v1().paymentIntents().create(twentyDollars().build());
    await().until(() -> receiver.received().size() == 2);

    WebhookReceiver.Received during = receiver.received().get(0);
    WebhookReceiver.Received after = receiver.received().get(1);
    assertThat(newSecret).isNotEqualTo(oldSecret).isEqualTo(simulator.webhookSecret());
    assertThat(during.signature()).matches("t=[0-9]+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}");
    assertThat(Webhook.constructEvent(during.body(), during.signature(), oldSecret).getType())
        .isEqualTo("payment_intent.created");
    assertThat(Webhook.constructEvent(during.body(), during.signature(), newSecret).getType())
        .isEqualTo("payment_intent.created");
    assertThat(after.signature()).matches("t=[0-9]+,v1=[0-9a-f]{64}");
    Webhook.constructEvent(after.body(), after.signature(), newSecret);
    assertThatThrownBy(() -> Webhook.constructEvent(after.body(), after.signature(), oldSecret))
        .isInstanceOf(SignatureVerificationException.class);
  }

  @Test
  void aRollWithADelayedExpiryEndsWhenTheSimulatedClockGetsThere() throws Exception {
    String endpoint = simulator.addWebhookEndpoint(other.url(), "payment_intent.created");
    String oldSecret = simulator.webhookSecret(endpoint);

    String newSecret = simulator.rollWebhookSecret(endpoint, Duration.ofHours(24));
    simulator.advanceClock(Duration.ofHours(24));
    stripe.v1().paymentIntents().create(twentyDollars().build());

    await().until(() -> other.received().size() == 1);
    WebhookReceiver.Received request = other.received().get(0);
    Webhook.constructEvent(request.body(), request.signature(), newSecret);
    assertThatThrownBy(() -> Webhook.constructEvent(request.body(), request.signature(), oldSecret))
        .isInstanceOf(SignatureVerificationException.class);
  }

  @Test
  void aTestModeV0SignatureIsAddedWhenAskedAndIgnoredByVerifiers() throws Exception {
    simulator.setWebhookV0Signature(true);

    stripe.v1().paymentIntents().create(twentyDollars().build());

    await().until(() -> receiver.received().size() == 1);
    WebhookReceiver.Received request = receiver.received().get(0);
    assertThat(request.signature()).matches("t=[0-9]+,v1=[0-9a-f]{64},v0=[0-9a-f]{64}");
    Webhook.constructEvent(request.body(), request.signature(), simulator.webhookSecret());
  }
}
