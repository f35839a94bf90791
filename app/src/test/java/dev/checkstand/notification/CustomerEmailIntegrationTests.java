package dev.checkstand.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.fulfillment.ShipmentSent;
import dev.checkstand.order.OrderPaid;
import dev.checkstand.order.PlacedOrderCanceled;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.AuthorizedOrders;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.Race;
import dev.checkstand.support.ServiceInstance;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Customer emails through a real SMTP server in this JVM (GreenMail): one per fact — however often the fact is
 * announced, on however many instances, and however often SMTP refuses first; with capture on fulfillment, the
 * confirmation of an authorization and the news of its release. On backends of its own.
 */
class CustomerEmailIntegrationTests {

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("customer-emails");

    private static final String CAPTURE_ON_FULFILLMENT = "--checkstand.capture.mode=on_fulfillment";

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void orderConfirmationArrivesOnceHoweverOftenThePaymentIsAnnouncedAndOnHoweverManyInstances() throws Exception {
        ServiceInstance a = instances.start(mailAt(smtp.getSmtp().getPort()));
        ServiceInstance b = instances.start(mailAt(smtp.getSmtp().getPort()));
        Api.Response checkout = paidOrder(a);
        String orderId = checkout.text("orderId");
        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length >= 1);

        assertThat(b.api().post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")))
                .status()).isEqualTo(200);
        for (Long stored : instances.jdbc().sql("select id from webhook_events where object_id = :pi")
                .param("pi", checkout.text("paymentIntentId")).query(Long.class).list()) {
            assertThat(b.api().postAsAdmin("/api/admin/webhook-events/" + stored + "/replay", Map.of()).status())
                    .isEqualTo(200);
        }
        OrderPaid again = new OrderPaid(OrderId.of(UUID.fromString(orderId)), Money.of(1499, "gbp"));
        Race.of(6, () -> {
            (Thread.currentThread().getId() % 2 == 0 ? a : b).publishInTransaction(again);
            return null;
        });
        Race.of(4, () -> {
            (Thread.currentThread().getId() % 2 == 0 ? a : b).bean(EmailDelivery.class).sendDue();
            return null;
        });

        awaitEverythingDone(orderId);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage confirmation = received[0];
        assertThat(confirmation.getSubject()).isEqualTo("Your order " + checkout.text("orderNumber") + " is confirmed");
        assertThat(confirmation.getAllRecipients()).extracting(Object::toString).containsExactly("alice@example.com");
        assertThat(confirmation.getFrom()).extracting(Object::toString).containsExactly("orders@checkstand.local");
        assertThat(part(confirmation, "text/plain")).contains("Total     £14.99", "1 x Test product  £10.00",
                "We have received your payment.").doesNotContain("authorized");
        assertThat(part(confirmation, "text/html")).contains("£14.99", checkout.text("orderNumber"));
        JsonNode listed = a.api().getAsAdmin("/api/admin/notifications?orderId=" + orderId).json();
        assertThat(listed.path("total").asLong()).isEqualTo(1);
        JsonNode row = listed.path("items").get(0);
        assertThat(row.path("kind").asString()).isEqualTo("order_confirmation");
        assertThat(row.path("status").asString()).isEqualTo("sent");
        assertThat(row.path("to").asString()).isEqualTo("alice@example.com");
        assertThat(row.path("sentAt").isNull()).isFalse();
    }

    @Test
    void eachPackageIsAnnouncedOnceWithItsTrackingHoweverOftenAndWhereverItIsPublished() throws Exception {
        ServiceInstance a = instances.start(mailAt(smtp.getSmtp().getPort()));
        ServiceInstance b = instances.start(mailAt(smtp.getSmtp().getPort()));
        Api.Response checkout = paidOrder(a);
        OrderId orderId = OrderId.of(UUID.fromString(checkout.text("orderId")));
        String sku = instances.jdbc().sql("select sku from order_items where order_id = :id")
                .param("id", orderId.value()).query(String.class).single();
        List<ShipmentSent> packages = List.of(
                new ShipmentSent(orderId, UUID.randomUUID(), "Royal Mail", "Tracked 48", "RM123456789GB",
                        "https://track.example/RM123456789GB", Instant.now(), false,
                        List.of(new ShipmentSent.ShippedItem(sku, 1))),
                new ShipmentSent(orderId, UUID.randomUUID(), "DPD", null, "DPD-2", "javascript:alert(1)", Instant.now(),
                        true, List.of(new ShipmentSent.ShippedItem(sku, 1))));

        Race.of(8, () -> {
            ServiceInstance on = Thread.currentThread().getId() % 2 == 0 ? a : b;
            for (ShipmentSent shipment : packages) {
                on.publishInTransaction(shipment);
            }
            return null;
        });

        awaitEverythingDone(orderId.value().toString());
        List<MimeMessage> shipping = Arrays.stream(smtp.getReceivedMessages())
                .filter(message -> subject(message).endsWith("is on its way")).toList();
        assertThat(shipping).hasSize(2);
        String first = shipping.stream().map(m -> {
            try {
                return part(m, "text/plain");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(text -> text.contains("RM123456789GB")).findFirst().orElseThrow();
        assertThat(first).contains("a package of your order " + checkout.text("orderNumber") + " is on its way",
                "1 x Test product", "Carrier: Royal Mail (Tracked 48)", "Track it: https://track.example/RM123456789GB");
        MimeMessage second = shipping.stream().filter(m -> {
            try {
                return part(m, "text/plain").contains("DPD-2");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        assertThat(part(second, "text/plain")).contains("sent part of your order").doesNotContain("javascript");
        assertThat(part(second, "text/html")).doesNotContain("javascript").contains("DPD-2");
        assertThat(subject(shipping.get(0))).isEqualTo("Your order " + checkout.text("orderNumber") + " is on its way");
        assertThat(a.api().getAsAdmin("/api/admin/notifications?orderId=" + orderId.value()).json().path("items")
                .valueStream().map(n -> n.path("kind").asString()).filter("shipping_confirmation"::equals)).hasSize(2);
    }

    @Test
    void anEmailSmtpRefusesIsTriedAgainAndArrivesOnceSmtpIsBack() throws Exception {
        int port = freePort();
        ServiceInstance service = instances.start(mailAt(port, "--checkstand.mail.retry-base=1s",
                "--checkstand.mail.retry-max=2s"));
        String orderId = paidOrder(service).text("orderId");
        await().atMost(Duration.ofSeconds(60)).until(() -> instances.jdbc().sql("""
                select count(*) from notifications where order_id = :id and status = 'pending' and attempts >= 2
                   and last_error is not null""").param("id", UUID.fromString(orderId)).query(Long.class).single() == 1);
        JsonNode refusing = mailHealth(service);
        assertThat(refusing.path("status").asString()).isEqualTo("WARNING");
        assertThat(refusing.path("details").path("smtp").asString()).isEqualTo("127.0.0.1:" + port);
        assertThat(refusing.path("details").path("pending").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(refusing.path("details").path("lastSend").path("outcome").asString()).isEqualTo("refused");
        assertThat(refusing.path("details").path("lastSend").path("error").asString()).contains("Connection refused");
        assertThat(refusing.toString()).doesNotContain("alice@example.com");

        GreenMail back = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        back.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> back.getReceivedMessages().length >= 1);
            awaitEverythingDone(orderId);
            assertThat(back.getReceivedMessages()).hasSize(1);
            assertThat(back.getReceivedMessages()[0].getSubject()).startsWith("Your order ");
            JsonNode sent = mailHealth(service);
            assertThat(sent.path("status").asString()).isEqualTo("UP");
            assertThat(sent.path("details").path("lastSend").path("outcome").asString()).isEqualTo("sent");
        } finally {
            back.stop();
        }
    }

    @Test
    void anEmailSmtpRefusesEveryTimeIsFailedWithItsLastError() throws Exception {
        ServiceInstance service = instances.start(mailAt(freePort(), "--checkstand.mail.retry-base=1s",
                "--checkstand.mail.retry-max=1s", "--checkstand.mail.max-attempts=2"));
        String orderId = paidOrder(service).text("orderId");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(service.api()
                .getAsAdmin("/api/admin/notifications?orderId=" + orderId).json().path("items").get(0).path("status")
                .asString()).isEqualTo("failed"));
        assertThat(instances.jdbc().sql("select attempts from notifications where order_id = :id")
                .param("id", UUID.fromString(orderId)).query(Integer.class).single()).isEqualTo(2);
        assertThat(instances.jdbc().sql("select last_error from notifications where order_id = :id")
                .param("id", UUID.fromString(orderId)).query(String.class).single()).contains("Connection refused");
    }

    @Test
    void eachSucceededRefundIsConfirmedOnceHoweverOftenStripeSaysSo() throws Exception {
        // Completed publications kept (the service deletes them), to count the refund events published: two.
        ServiceInstance service = instances.start(mailAt(smtp.getSmtp().getPort(),
                "--spring.modulith.events.completion-mode=update"));
        Api api = service.api();
        Api.Response checkout = paidOrder(service);
        String orderId = checkout.text("orderId");
        assertThat(refund(api, orderId, 500).status()).isEqualTo(201);
        assertThat(refund(api, orderId, 300).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length >= 3);

        String refundEvents = "select id from webhook_events where type like 'refund.%' or type like 'charge.refund%'";
        await().atMost(Duration.ofSeconds(60)).until(() -> !instances.jdbc().sql(refundEvents).query(Long.class).list()
                .isEmpty());
        for (Long stored : instances.jdbc().sql(refundEvents).query(Long.class).list()) {
            assertThat(api.postAsAdmin("/api/admin/webhook-events/" + stored + "/replay", Map.of()).status())
                    .isEqualTo(200);
        }
        List<UUID> refunds = instances.jdbc().sql("select id from refunds where order_id = :id")
                .param("id", UUID.fromString(orderId)).query(UUID.class).list();
        awaitEverythingDone(orderId);
        assertThat(instances.jdbc().sql("""
                select count(*) from event_publication where event_type like '%RefundSucceeded' and listener_id like '%CustomerEmails%'
                   and serialized_event like :order""")
                .param("order", "%" + orderId + "%").query(Long.class).single()).isEqualTo(2);
        for (UUID refund : refunds) {
            service.publishInTransaction(new dev.checkstand.refund.RefundSucceeded(
                    OrderId.of(UUID.fromString(orderId)), refund, Money.of(1, "gbp")));
        }

        awaitEverythingDone(orderId);
        List<String> subjects = Arrays.stream(smtp.getReceivedMessages()).map(CustomerEmailIntegrationTests::subject).toList();
        String number = checkout.text("orderNumber");
        assertThat(subjects).containsExactlyInAnyOrder("Your order " + number + " is confirmed",
                "Your refund of £5.00 for order " + number, "Your refund of £3.00 for order " + number);
        assertThat(api.getAsAdmin("/api/admin/notifications?orderId=" + orderId).json().path("items").valueStream()
                .map(n -> n.path("kind").asString()))
                .containsExactlyInAnyOrder("order_confirmation", "refund_confirmation", "refund_confirmation");
    }

    @Test
    void withoutAMailHostEmailsAreStoredAndListedForAdmins() throws Exception {
        ServiceInstance service = instances.start();
        Api api = service.api();
        Api.Response checkout = paidOrder(service);
        String orderId = checkout.text("orderId");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                api.getAsAdmin("/api/admin/notifications?orderId=" + orderId).json().path("total").asLong()).isEqualTo(1));
        awaitEverythingDone(orderId);
        JsonNode row = api.getAsAdmin("/api/admin/notifications?orderId=" + orderId).json().path("items").get(0);
        assertThat(row.path("status").asString()).isEqualTo("stored");
        assertThat(row.path("kind").asString()).isEqualTo("order_confirmation");
        assertThat(row.path("subject").asString()).isEqualTo("Your order " + checkout.text("orderNumber") + " is confirmed");
        assertThat(row.path("orderId").asString()).isEqualTo(orderId);
        assertThat(row.path("sentAt").isNull()).isTrue();
        JsonNode order = api.getAsAdmin("/api/admin/orders/" + orderId).json();
        assertThat(order.path("notifications")).hasSize(1);
        assertThat(order.path("notifications").get(0).path("kind").asString()).isEqualTo("order_confirmation");
        assertThat(order.path("notifications").get(0).path("to").asString()).isEqualTo("alice@example.com");
        assertThat(order.path("notifications").get(0).path("status").asString()).isEqualTo("stored");
        assertThat(api.getAsAdmin("/api/admin/notifications").json().path("items").size()).isGreaterThanOrEqualTo(1);
        assertThat(smtp.getReceivedMessages()).isEmpty();

        assertThat(api.getAsAdmin("/api/admin/notifications?orderId=not-an-id").status()).isEqualTo(400);
        assertThat(api.getAsAdmin("/api/admin/notifications?page=-1").status()).isEqualTo(400);
        assertThat(api.get("/api/admin/notifications").status()).isEqualTo(401);
    }

    @Test
    void anOrderPlacedOnAnAuthorizationIsConfirmedAsAuthorizedNotCharged() throws Exception {
        ServiceInstance service = instances.start(mailAt(smtp.getSmtp().getPort(), CAPTURE_ON_FULFILLMENT));
        Api.Response checkout = authorizedOrder(service);

        awaitEverythingDone(checkout.text("orderId"));
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Your order " + checkout.text("orderNumber") + " is confirmed");
        assertThat(part(received[0], "text/plain")).contains("thank you for your order " + checkout.text("orderNumber")
                        + ". Your card was authorized for £14.99, not charged: it will be charged when your order goes"
                        + " into production.", "Total     £14.99")
                .doesNotContain("We have received your payment");
        assertThat(part(received[0], "text/html")).contains("authorized for <strong>£14.99</strong>",
                "when your order goes into production").doesNotContain("We have received your payment");
    }

    @Test
    void aPlacedOrderWhoseAuthorizationIsReleasedIsToldOnceThatNothingWasCharged() throws Exception {
        ServiceInstance a = instances.start(mailAt(smtp.getSmtp().getPort(), CAPTURE_ON_FULFILLMENT));
        ServiceInstance b = instances.start(mailAt(smtp.getSmtp().getPort(), CAPTURE_ON_FULFILLMENT));
        Api.Response checkout = authorizedOrder(a);
        String orderId = checkout.text("orderId");
        String number = checkout.text("orderNumber");

        assertThat(a.api().postAsAdmin("/api/admin/orders/" + orderId + "/release", Map.of()).status()).isEqualTo(200);
        PlacedOrderCanceled again = new PlacedOrderCanceled(OrderId.of(UUID.fromString(orderId)), "admin");
        Race.of(6, () -> {
            (Thread.currentThread().getId() % 2 == 0 ? a : b).publishInTransaction(again);
            return null;
        });

        awaitEverythingDone(orderId);
        List<MimeMessage> canceled = Arrays.stream(smtp.getReceivedMessages())
                .filter(message -> subject(message).equals("Your order " + number + " is canceled")).toList();
        assertThat(canceled).hasSize(1);
        assertThat(part(canceled.get(0), "text/plain")).contains("we have canceled your order " + number
                        + ". We are sorry that we could not go ahead with it.",
                "The hold of £14.99 on your card has been released and nothing was charged.",
                "1 x Test product  £10.00", "Total  £14.99")
                .doesNotContain("admin");
        assertThat(part(canceled.get(0), "text/html")).contains("The hold of <strong>£14.99</strong> on your card has"
                + " been released and nothing was charged.").doesNotContain("admin");
        assertThat(a.api().getAsAdmin("/api/admin/notifications?orderId=" + orderId).json().path("items").valueStream()
                .map(n -> n.path("kind").asString())).containsExactlyInAnyOrder("order_confirmation", "order_canceled");
        assertThat(a.api().getAsAdmin("/api/admin/orders/" + orderId).json().path("notifications").valueStream()
                .map(n -> n.path("kind").asString())).contains("order_canceled");
    }

    /** The mail component of the instance's health, as an admin sees it. */
    private static JsonNode mailHealth(ServiceInstance service) {
        Api.Response health = service.api().getAsAdmin("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
        return health.json().path("components").path("mail");
    }

    /** Arguments of an instance that sends through the SMTP server on {@code port}, plus {@code more}. */
    private static String[] mailAt(int port, String... more) {
        List<String> arguments = new java.util.ArrayList<>(List.of("--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + port, "--checkstand.mail.poll-interval=1s"));
        arguments.addAll(List.of(more));
        return arguments.toArray(String[]::new);
    }

    /** A one-mug order (£10.00 and £4.99 shipping) paid through the simulator, by webhook and confirm. */
    private static Api.Response paidOrder(ServiceInstance service) throws Exception {
        StripeSimulator simulator = instances.simulator();
        simulator.setWebhookUrl(service.webhookUrl());
        Api.Response checkout = service.api().post("/api/create-payment-intent",
                Checkouts.oneMugToLondon(instances.jdbc()).body());
        new Browser(simulator.baseUrl(), simulator.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        assertThat(service.api().post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")))
                .json().path("success").asBoolean()).isTrue();
        return checkout;
    }

    /** A one-mug order (£10.00 and £4.99 shipping) placed on its card's authorization (capture on fulfillment). */
    private static Api.Response authorizedOrder(ServiceInstance service) throws Exception {
        instances.simulator().setWebhookUrl(service.webhookUrl());
        return AuthorizedOrders.place(service.api(), instances.simulator(), Catalogs.mug(instances.jdbc()), 1);
    }

    private static Api.Response refund(Api api, String orderId, long amount) {
        return api.postRaw("/api/admin/orders/" + orderId + "/refunds", Api.json(Map.of("amount", amount)).toString(),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Authorization", api.adminAuthorization()));
    }

    // Every listener has run for the order, and no email of it is waiting to be sent: nothing more can arrive.
    private static void awaitEverythingDone(String orderId) {
        JdbcClient jdbc = instances.jdbc();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(jdbc.sql("select count(*) from event_publication where serialized_event like :order and completion_date is null")
                    .param("order", "%" + orderId + "%").query(Long.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from notifications where order_id = :id and status = 'pending'")
                    .param("id", UUID.fromString(orderId)).query(Long.class).single()).isZero();
        });
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // The decoded content of the message's first part of {@code type}.
    private static String part(Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = part(child, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
