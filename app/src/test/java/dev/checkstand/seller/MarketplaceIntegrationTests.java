package dev.checkstand.seller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.param.PaymentIntentRetrieveParams;
import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.StripeEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Marketplace sellers on Stripe Connect, against the Stripe simulator over HTTP: Express accounts kept up to date from
 * the Connect endpoint's events (duplicated, out of order), destination charges with the commission as application
 * fee, charges_enabled read from Stripe right before charging, and refunds reversing the seller's transfer.
 */
@CheckstandIntegrationTest
class MarketplaceIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator stripe;

    @Autowired
    Sellers sellers;

    @Autowired
    SellerAccounts accounts;

    @Autowired
    SellerSettings settings;

    @Autowired
    SellerOrders sellerOrders;

    @Autowired
    Marketplace marketplace;

    @Autowired
    TransactionTemplate transactions;

    @AfterEach
    void deliverWebhooksAgain() {
        stripe.setWebhookDeliveryEnabled(true);
        stripe.faults().reset();
    }

    @Test
    void creatingASellerCreatesItsExpressAccountAndOnboardingIsFollowedThroughConnectEvents() {
        JsonNode seller = createSeller("Ada's Mugs", 1000);
        String account = seller.path("stripeAccountId").asString();
        assertThat(account).startsWith("acct_");
        assertThat(seller.path("chargesEnabled").asBoolean()).isFalse();
        assertThat(seller.path("detailsSubmitted").asBoolean()).isFalse();
        assertThat(seller.path("requirements").path("currentlyDue").size()).isPositive();
        assertThat(seller.path("commissionBps").asInt()).isEqualTo(1000);

        Api.Response link = api.postAsAdmin("/api/admin/sellers/" + seller.path("id").asString() + "/onboarding-link",
                Map.of());
        assertThat(link.status()).isEqualTo(200);
        assertThat(link.text("url")).startsWith(stripe.baseUrl());
        assertThat(Instant.parse(link.text("expiresAt"))).isAfter(Instant.now().minusSeconds(5));

        stripe.completeOnboarding(account);

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode known = sellerRow(seller);
            assertThat(known.path("chargesEnabled").asBoolean()).isTrue();
            assertThat(known.path("payoutsEnabled").asBoolean()).isTrue();
            assertThat(known.path("detailsSubmitted").asBoolean()).isTrue();
            assertThat(known.path("requirements").path("currentlyDue").size()).isZero();
        });
        assertThat(jdbc.sql("select count(*) from webhook_events where source = 'stripe-connect' and object_id = :a"
                + " and type = 'account.updated'").param("a", account).query(Long.class).single()).isPositive();
        assertThat(api.getAsAdmin("/api/admin/sellers").json().findValuesAsString("stripeAccountId")).contains(account);
    }

    @Test
    void accountEventsDuplicatedAndOutOfOrderLeaveTheNewestStateKept() {
        JsonNode seller = onboardedSeller(500);
        String account = seller.path("stripeAccountId").asString();
        // Seconds after the onboarding's own event, as Stripe would stamp later changes.
        long now = Instant.now().getEpochSecond() + 2;
        String older = StripeEvents.accountUpdated(StripeEvents.newEventId(), account, now, true, true, null);
        String newer = StripeEvents.accountUpdated(StripeEvents.newEventId(), account, now + 1, false, true,
                "rejected.other");

        assertThat(deliver(newer).status()).isEqualTo(200);
        assertThat(deliver(older).status()).isEqualTo(200);
        assertThat(deliver(newer).json().path("duplicate").asBoolean()).isTrue();
        assertThat(deliver(older).json().path("duplicate").asBoolean()).isTrue();
        awaitInboxDone();

        JsonNode known = sellerRow(seller);
        assertThat(known.path("chargesEnabled").asBoolean()).isFalse();
        assertThat(known.path("requirements").path("disabledReason").asString()).isEqualTo("rejected.other");

        // A live-mode event on a test-mode service (a live Connect endpoint is sent test events too): stored, ignored.
        String otherMode = StripeEvents.accountUpdated(StripeEvents.newEventId(), account, now + 3, true, true, null)
                .replace("\"livemode\":false", "\"livemode\":true");
        assertThat(deliver(otherMode).status()).isEqualTo(200);
        awaitInboxDone();
        assertThat(sellerRow(seller).path("chargesEnabled").asBoolean()).isFalse();

        // Unsigned by the Connect endpoint's secret, or not about a connected account: refused, nothing stored.
        String forged = StripeEvents.accountUpdated(StripeEvents.newEventId(), account, now + 2, true, true, null);
        assertThat(StripeEvents.deliverConnect(api, forged, stripe.webhookSecret()).status()).isEqualTo(400);
        String platformEvent = StripeEvents.event(StripeEvents.newEventId(), "account.updated", "{\"id\":\"" + account
                + "\",\"object\":\"account\",\"charges_enabled\":true}");
        assertThat(deliver(platformEvent).status()).isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from webhook_events where payload like :p")
                .param("p", "%" + forged.substring(7, 40) + "%").query(Long.class).single()).isZero();
        assertThat(sellerRow(seller).path("chargesEnabled").asBoolean()).isFalse();
    }

    @Test
    void anEventOfTheSameSecondAsTheStateKeptThatSaysOtherwiseIsSettledByReadingStripe() {
        JsonNode seller = onboardedSeller(500);
        String account = seller.path("stripeAccountId").asString();
        long second = Instant.now().getEpochSecond() + 2;
        assertThat(deliver(StripeEvents.accountUpdated(StripeEvents.newEventId(), account, second, false, false,
                "requirements.past_due")).status()).isEqualTo(200);
        awaitInboxDone();
        assertThat(sellerRow(seller).path("chargesEnabled").asBoolean()).isFalse();

        // Same second, other state: which came last cannot be told, so Stripe (which has it enabled) decides — by a
        // read begun after that second, since one begun within it may predate the change.
        assertThat(deliver(StripeEvents.accountUpdated(StripeEvents.newEventId(), account, second, true, true, null))
                .status()).isEqualTo(200);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(sellerRow(seller).path("chargesEnabled").asBoolean()).isTrue());
    }

    @Test
    void aTransactionThatFindsNoSellerOrderAsksTheTableOnceAndAnOrderItPlacesForASellerIsStillTheSellers() {
        JsonNode created = createSeller("Asked once", 1000);
        Seller seller = sellers.byId(SellerId.of(UUID.fromString(created.path("id").asString()))).orElseThrow();
        OrderId plain = OrderId.of(UUID.randomUUID());
        OrderId another = OrderId.of(UUID.randomUUID());
        OrderId sellers = OrderId.of(UUID.randomUUID());
        transactions.executeWithoutResult(status -> {
            // No seller order at all, as this transaction sees it (the delete is rolled back with it).
            jdbc.sql("delete from seller_orders").update();
            assertThat(sellerOrders.isSellerOrder(plain)).isFalse();
            // Asked once: the table is not asked again for the next order. (A row written behind the seller module's
            // back, as no code does, is not seen.)
            jdbc.sql("""
                            insert into seller_orders (order_id, seller_id, stripe_account_id, commission_bps,
                                                       application_fee_amount, created_at)
                            values (:order, :seller, 'acct_x', 0, 0, now())""")
                    .param("order", another.value()).param("seller", seller.id().value()).update();
            assertThat(sellerOrders.isSellerOrder(another)).isFalse();
            // An order placed for a seller in the same transaction is the seller's.
            marketplace.recordOrder(sellers, seller, Money.of(100, "gbp"));
            assertThat(sellerOrders.isSellerOrder(sellers)).isTrue();
            assertThat(sellerOrders.isSellerOrder(another)).isTrue();
            status.setRollbackOnly();
        });
    }

    @Test
    void aSellerWhoCannotAcceptPaymentsIsRefusedWithNothingReservedOrCreated() throws Exception {
        JsonNode seller = createSeller("Not yet onboarded", 1000);
        UUID product = sellersProduct(seller, 2500, 5);
        String checkoutId = Checkouts.newCheckoutId();

        Api.Response refused = api.post("/api/create-payment-intent", Checkouts.of(checkoutId, product, 2));

        assertRefusedForTheSeller(refused);
        assertThat(refused.text("detail")).contains("Not yet onboarded").contains("Nothing was charged");
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(5, 0);
        assertThat(jdbc.sql("select count(*) from orders where checkout_id = :c").param("c", checkoutId)
                .query(Long.class).single()).isZero();
        assertThat(paymentIntentsTo(seller.path("stripeAccountId").asString())).isZero();
    }

    @Test
    void aSellerDeactivatedAtStripeBeforeItsEventArrivesHasTheOrderCanceledAndTheStockBackAtOnce() throws Exception {
        JsonNode seller = onboardedSeller(1000);
        UUID product = sellersProduct(seller, 2500, 5);
        stripe.setWebhookDeliveryEnabled(false);
        stripe.setAccountStatus(seller.path("stripeAccountId").asString(), false, false);
        assertThat(sellerRow(seller).path("chargesEnabled").asBoolean()).isTrue();
        String checkoutId = Checkouts.newCheckoutId();

        Api.Response refused = api.post("/api/create-payment-intent", Checkouts.of(checkoutId, product, 2));

        assertRefusedForTheSeller(refused);
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(5, 0);
        assertThat(orderStatus(checkoutId)).isEqualTo("canceled");
        assertThat(paymentIntentsTo(seller.path("stripeAccountId").asString())).isZero();
        // The same checkout again is answered the same way.
        Api.Response again = api.post("/api/create-payment-intent", Checkouts.of(checkoutId, product, 2));
        assertRefusedForTheSeller(again);
    }

    @Test
    void stripeRefusingTheChargeForADeactivatedSellerCancelsTheOrderAndReleasesTheStockAtOnce() {
        JsonNode seller = onboardedSeller(1000);
        UUID product = sellersProduct(seller, 2500, 5);
        stripe.setWebhookDeliveryEnabled(false);
        stripe.setAccountStatus(seller.path("stripeAccountId").asString(), false, false);
        // The read right before the charge gets no answer (every try of it), so the copy here (enabled) lets the call
        // go ahead, and Stripe refuses the destination charge itself.
        stripe.faults().answerLost("GET /v1/accounts/{id}", 3);
        String checkoutId = Checkouts.newCheckoutId();

        Api.Response refused = api.post("/api/create-payment-intent", Checkouts.of(checkoutId, product, 2));

        assertRefusedForTheSeller(refused);
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(5, 0);
        assertThat(orderStatus(checkoutId)).isEqualTo("canceled");
        // The same checkout again is answered the same way.
        assertRefusedForTheSeller(api.post("/api/create-payment-intent", Checkouts.of(checkoutId, product, 2)));
    }

    @Test
    void aSellersOrderIsADestinationChargeAndItsRefundsReverseTheTransferInProportion() throws Exception {
        JsonNode seller = onboardedSeller(1250);
        String account = seller.path("stripeAccountId").asString();
        UUID product = sellersProduct(seller, 4000, 5);
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 2));
        assertThat(checkout.status()).isEqualTo(201);
        long total = checkout.json().path("amount").path("total").asLong();
        long fee = total * 1250 / 10_000;

        PaymentIntent atStripe = client().v1().paymentIntents().retrieve(checkout.text("paymentIntentId"));
        assertThat(atStripe.getTransferData().getDestination()).isEqualTo(account);
        assertThat(atStripe.getOnBehalfOf()).isEqualTo(account);
        assertThat(atStripe.getApplicationFeeAmount()).isEqualTo(fee);

        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")))
                .status()).isEqualTo(200);
        String orderId = checkout.text("orderId");
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode view = adminOrder(orderId).path("seller");
            assertThat(view.path("id").asString()).isEqualTo(seller.path("id").asString());
            assertThat(view.path("stripeAccountId").asString()).isEqualTo(account);
            assertThat(view.path("applicationFee").asLong()).isEqualTo(fee);
            assertThat(view.path("transfer").path("id").asString()).startsWith("tr_");
            assertThat(view.path("transfer").path("amount").asLong()).isEqualTo(total - fee);
            assertThat(view.path("transfer").path("amountReversed").asLong()).isZero();
        });

        long half = total / 2;
        assertThat(refund(orderId, half).status()).isEqualTo(201);
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode view = adminOrder(orderId).path("seller");
            assertThat(view.path("transfer").path("amountReversed").asLong()).isEqualTo(half * (total - fee) / total);
            assertThat(view.path("applicationFeeRefunded").asLong()).isEqualTo(half * fee / total);
        });
        assertThat(refund(orderId, total - half).status()).isEqualTo(201);
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode view = adminOrder(orderId).path("seller");
            assertThat(view.path("transfer").path("amountReversed").asLong()).isEqualTo(total - fee);
            assertThat(view.path("applicationFeeRefunded").asLong()).isEqualTo(fee);
        });
        for (Refund refund : client().v1().refunds().list(com.stripe.param.RefundListParams.builder()
                .setPaymentIntent(checkout.text("paymentIntentId")).build()).getData()) {
            assertThat(refund.getTransferReversal()).startsWith("trr_");
        }
    }

    @Test
    void aSellersCheckoutSessionIsADestinationChargeToo() throws Exception {
        JsonNode seller = onboardedSeller(800);
        UUID product = sellersProduct(seller, 3000, 5);
        Api.Response checkout = api.post("/api/payments/create-checkout-session", Checkouts.of(product, 1));
        assertThat(checkout.status()).isEqualTo(201);
        long total = checkout.json().path("amount").path("total").asLong();
        stripe.payCheckoutSession(checkout.text("sessionId"), "pm_card_visa");
        String pi = client().v1().checkout().sessions().retrieve(checkout.text("sessionId")).getPaymentIntent();
        PaymentIntent atStripe = client().v1().paymentIntents().retrieve(pi,
                PaymentIntentRetrieveParams.builder().build());
        assertThat(atStripe.getTransferData().getDestination()).isEqualTo(seller.path("stripeAccountId").asString());
        assertThat(atStripe.getApplicationFeeAmount()).isEqualTo(total * 800 / 10_000);
    }

    @Test
    void aCartOfSeveralSellersOrOfAnUnknownSellerIsRefused() {
        JsonNode first = onboardedSeller(500);
        JsonNode second = onboardedSeller(500);
        UUID a = sellersProduct(first, 1000, 5);
        UUID b = sellersProduct(second, 1000, 5);
        UUID own = Catalogs.mug(jdbc);
        for (List<UUID> cart : List.of(List.of(a, b), List.of(a, own))) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(Checkouts.of(cart.get(0), 1));
            body.put("items", cart.stream().map(p -> Map.of("productId", p.toString(), "quantity", 1)).toList());
            Api.Response refused = api.post("/api/create-payment-intent", body);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("errors").findValuesAsString("field")).contains("items");
        }
        assertThat(Catalogs.stock(jdbc, a)).containsExactly(5, 0);

        Api.Response unknown = api.postAsAdmin("/api/admin/products", Map.of("sku", "X-" + UUID.randomUUID(),
                "name", "Orphan", "unitAmount", 100, "currency", "gbp", "onHand", 1,
                "sellerId", UUID.randomUUID().toString()));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("errors").findValuesAsString("field")).contains("sellerId");
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("name", "", "commissionBps", 10),
                Map.of("name", "A", "commissionBps", 10_001), Map.of("name", "A"),
                Map.of("name", "A", "commissionBps", 5, "email", "not an email"))) {
            assertThat(api.postAsAdmin("/api/admin/sellers", bad).status()).isEqualTo(400);
        }
        assertThat(api.getAsAdmin("/api/admin/sellers/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void aSellerDeactivatedHasItsCheckoutsStillWaitingForPaymentCanceled() throws Exception {
        JsonNode seller = onboardedSeller(1000);
        UUID product = sellersProduct(seller, 2000, 5);
        Api.Response pending = api.post("/api/create-payment-intent", Checkouts.of(product, 2));
        assertThat(pending.status()).isEqualTo(201);
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(5, 2);

        stripe.setAccountStatus(seller.path("stripeAccountId").asString(), false, true);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(Catalogs.stock(jdbc, product)).containsExactly(5, 0));
        assertThat(adminOrder(pending.text("orderId")).path("status").asString()).isEqualTo("canceled");
        assertThat(client().v1().paymentIntents().retrieve(pending.text("paymentIntentId")).getStatus())
                .isEqualTo("canceled");
        assertAccountReadsSettle();
    }

    @Test
    void aSellerNotYetAbleToChargeIsNotReadFromStripeOverAndOver() {
        createSeller("Quiet until onboarded", 500);
        assertAccountReadsSettle();
    }

    @Test
    void aSellerWithoutCommissionIsPaidEverythingAndItsRefundsReverseTheTransferWithNoFeeToRefund() throws Exception {
        JsonNode seller = onboardedSeller(0);
        UUID product = sellersProduct(seller, 1500, 5);
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
        assertThat(checkout.status()).isEqualTo(201);
        long total = checkout.json().path("amount").path("total").asLong();
        assertThat(client().v1().paymentIntents().retrieve(checkout.text("paymentIntentId")).getApplicationFeeAmount())
                .isNull();
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")))
                .status()).isEqualTo(200);
        String orderId = checkout.text("orderId");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(adminOrder(orderId).path("seller").path("transfer").path("amount").asLong()).isEqualTo(total));

        assertThat(refund(orderId, total).status()).isEqualTo(201);

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode order = adminOrder(orderId);
            assertThat(order.path("paymentStatus").asString()).isEqualTo("refunded");
            assertThat(order.path("seller").path("transfer").path("amountReversed").asLong()).isEqualTo(total);
            assertThat(order.path("seller").path("applicationFee").asLong()).isZero();
        });
    }

    @Test
    void aLostAccountEventIsOnlyADelayTheStaleCopyIsReadAgainByTheJob() {
        JsonNode seller = createSeller("Lost event", 500);
        stripe.setWebhookDeliveryEnabled(false);
        stripe.completeOnboarding(seller.path("stripeAccountId").asString());
        assertThat(sellerRow(seller).path("chargesEnabled").asBoolean()).isFalse();
        jdbc.sql("update sellers set account_read_at = now() - interval '1 hour' where id = :id")
                .param("id", UUID.fromString(seller.path("id").asString())).update();

        assertThat(SellerAccountRefresh.refresh(sellers, accounts, settings, java.time.Clock.systemUTC())).isPositive();

        assertThat(sellerRow(seller).path("chargesEnabled").asBoolean()).isTrue();
    }

    // Account reads come from checkouts, events and admins, a few per change: none keeps reading by itself.
    private void assertAccountReadsSettle() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            long before = accountReads();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> accountReads() == before);
        });
    }

    private long accountReads() {
        return stripe.apiCallCounts().getOrDefault("GET /v1/accounts/{id}", 0L);
    }

    @Test
    void twentyCheckoutsRacingTheSellerBeingSwitchedOffAndOnLeaveNoStockHeldForASellerWhoCannotCharge()
            throws Exception {
        JsonNode seller = onboardedSeller(1000);
        String account = seller.path("stripeAccountId").asString();
        UUID product = sellersProduct(seller, 1000, 100);
        List<String> checkoutIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            checkoutIds.add(Checkouts.newCheckoutId());
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(21);
        List<java.util.concurrent.Future<Api.Response>> answers = new ArrayList<>();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            java.util.concurrent.Future<?> toggler = pool.submit(() -> {
                start.await();
                for (int i = 0; i < 10; i++) {
                    stripe.setAccountStatus(account, i % 2 == 1, true);
                }
                stripe.setAccountStatus(account, false, true);
                return null;
            });
            for (String checkoutId : checkoutIds) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/create-payment-intent", Checkouts.of(checkoutId, product, 1));
                }));
            }
            start.countDown();
            toggler.get();
            for (int i = 0; i < answers.size(); i++) {
                Api.Response response = answers.get(i).get();
                assertThat(response.status()).isIn(201, 409);
                if (response.status() == 409) {
                    assertThat(response.text("code")).isEqualTo("seller_cannot_accept_payments");
                    // Refused: whether or not it was placed before Stripe said no, it holds nothing.
                    String status = orderStatus(checkoutIds.get(i));
                    assertThat(status == null || "canceled".equals(status)).as(checkoutIds.get(i)).isTrue();
                }
            }
        } finally {
            pool.shutdownNow();
        }

        // The seller ends unable to charge: no checkout of it is left holding stock.
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(Catalogs.stock(jdbc, product)).containsExactly(100, 0);
            for (String checkoutId : checkoutIds) {
                String status = orderStatus(checkoutId);
                assertThat(status == null || "canceled".equals(status)).as(checkoutId + " " + status).isTrue();
            }
        });
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(sellerRow(seller).path("chargesEnabled").asBoolean()).isFalse());
    }

    private static void assertRefusedForTheSeller(Api.Response response) {
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.text("code")).isEqualTo("seller_cannot_accept_payments");
    }

    private JsonNode createSeller(String name, int commissionBps) {
        Api.Response created = api.postAsAdmin("/api/admin/sellers", Map.of("name", name,
                "email", "seller-" + UUID.randomUUID() + "@example.com", "commissionBps", commissionBps));
        assertThat(created.status()).isEqualTo(201);
        return created.json();
    }

    private JsonNode onboardedSeller(int commissionBps) {
        JsonNode seller = createSeller("Seller " + UUID.randomUUID().toString().substring(0, 8), commissionBps);
        stripe.completeOnboarding(seller.path("stripeAccountId").asString());
        await().atMost(PATIENCE).until(() -> sellerRow(seller).path("chargesEnabled").asBoolean());
        return sellerRow(seller);
    }

    // The seller as known here, without the read from Stripe a stale copy would trigger.
    private JsonNode sellerRow(JsonNode seller) {
        for (JsonNode known : api.getAsAdmin("/api/admin/sellers").json()) {
            if (known.path("id").asString().equals(seller.path("id").asString())) {
                return known;
            }
        }
        throw new AssertionError("no seller " + seller.path("id"));
    }

    private UUID sellersProduct(JsonNode seller, long unitAmount, int onHand) {
        Api.Response created = api.postAsAdmin("/api/admin/products", Map.of("sku", "S-" + UUID.randomUUID(),
                "name", "Seller's mug", "unitAmount", unitAmount, "currency", "gbp", "onHand", onHand,
                "printfulVariantId", Catalogs.MUG_VARIANT, "sellerId", seller.path("id").asString()));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("sellerId")).isEqualTo(seller.path("id").asString());
        return UUID.fromString(created.text("id"));
    }

    private Api.Response deliver(String event) {
        return StripeEvents.deliverConnect(api, event, stripe.connectWebhookSecret());
    }

    private JsonNode adminOrder(String orderId) {
        return api.getAsAdmin("/api/admin/orders/" + orderId).json();
    }

    private String orderStatus(String checkoutId) {
        return jdbc.sql("select status from orders where checkout_id = :c").param("c", checkoutId)
                .query(String.class).optional().orElse(null);
    }

    // PaymentIntents at Stripe whose money would go to the account (the newest hundred: more than a test makes).
    private long paymentIntentsTo(String account) throws Exception {
        return client().v1().paymentIntents().list(com.stripe.param.PaymentIntentListParams.builder().setLimit(100L)
                        .build()).getData().stream()
                .filter(pi -> pi.getTransferData() != null && account.equals(pi.getTransferData().getDestination()))
                .count();
    }

    private Api.Response refund(String orderId, long amount) {
        return api.postRaw("/api/admin/orders/" + orderId + "/refunds", Api.json(Map.of("amount", amount)).toString(),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Authorization", api.adminAuthorization()));
    }

    private StripeClient client() {
        return StripeClient.builder().setApiKey(stripe.secretKey()).setApiBase(stripe.baseUrl()).build();
    }

    private void awaitInboxDone() {
        await().atMost(PATIENCE).until(() -> jdbc.sql(
                "select count(*) from webhook_events where status not in ('processed', 'ignored')")
                .query(Long.class).single() == 0);
    }
}
