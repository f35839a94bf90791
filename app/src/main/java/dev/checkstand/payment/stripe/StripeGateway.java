package dev.checkstand.payment.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeError;
import com.stripe.model.checkout.Session;
import com.stripe.net.ApiResource;
import com.stripe.net.RequestOptions;
import com.stripe.net.StripeResponse;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionExpireParams;
import dev.checkstand.common.EmailMask;
import dev.checkstand.payment.gateway.CheckoutSessionSnapshot;
import dev.checkstand.payment.gateway.GatewayResult;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import dev.checkstand.payment.gateway.RefundSnapshot;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link PaymentGateway} over the official stripe-java client. */
@Component
class StripeGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(StripeGateway.class);

    private final StripeClient stripe;
    private final StripeConnection connection;
    private final BreakerHttpClient http;
    private final JsonMapper json;

    StripeGateway(StripeClient stripe, StripeConnection connection, BreakerHttpClient http, JsonMapper json) {
        this.stripe = stripe;
        this.connection = connection;
        this.http = http;
        this.json = json;
    }

    @Override
    public java.util.Optional<java.time.Duration> failingFastFor() {
        return http.breaker().failingFastFor();
    }

    @Override
    public GatewayResult<PaymentIntentSnapshot> createPaymentIntent(NewPaymentIntent request) {
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(request.amount().amount())
                .setCurrency(request.amount().currency())
                .setCaptureMethod(request.manualCapture() ? PaymentIntentCreateParams.CaptureMethod.MANUAL
                        : PaymentIntentCreateParams.CaptureMethod.AUTOMATIC)
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true)
                        .build())
                .putAllMetadata(request.metadata())
                .setDescription(request.description());
        if (request.receiptEmail() != null) {
            params.setReceiptEmail(request.receiptEmail());
        }
        if (request.destination() != null) {
            params.setTransferData(PaymentIntentCreateParams.TransferData.builder()
                            .setDestination(request.destination().accountId())
                            .build())
                    .setOnBehalfOf(request.destination().accountId());
            // A fee of nothing is no fee: Stripe then makes no application fee object to refund.
            if (request.destination().applicationFee() > 0) {
                params.setApplicationFeeAmount(request.destination().applicationFee());
            }
        }
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(request.idempotencyKey()).build();
        try {
            return new GatewayResult.Succeeded<>(snapshot(stripe.v1().paymentIntents().create(params.build(), options)));
        } catch (StripeException e) {
            return failure("create PaymentIntent", e);
        }
    }

    @Override
    public GatewayResult<PaymentIntentSnapshot> retrievePaymentIntent(String paymentIntentId) {
        try {
            // The charge comes along for its time: Stripe's time of a payment, from which payment-to-paid is measured.
            return new GatewayResult.Succeeded<>(snapshot(stripe.v1().paymentIntents().retrieve(paymentIntentId,
                    PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build())));
        } catch (StripeException e) {
            return failure("retrieve PaymentIntent", e);
        }
    }

    @Override
    public GatewayResult<PaymentIntentSnapshot> cancelPaymentIntent(String paymentIntentId, String reason,
            String idempotencyKey) {
        PaymentIntentCancelParams params = PaymentIntentCancelParams.builder()
                .setCancellationReason(PaymentIntentCancelParams.CancellationReason.valueOf(reason.toUpperCase()))
                .build();
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
        try {
            return new GatewayResult.Succeeded<>(snapshot(stripe.v1().paymentIntents().cancel(paymentIntentId, params, options)));
        } catch (StripeException e) {
            return failure("cancel PaymentIntent", e);
        }
    }

    @Override
    public GatewayResult<PaymentIntentSnapshot> capturePaymentIntent(String paymentIntentId, long amount,
            String idempotencyKey) {
        PaymentIntentCaptureParams params = PaymentIntentCaptureParams.builder()
                .setAmountToCapture(amount)
                .addExpand("latest_charge")
                .build();
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
        try {
            return new GatewayResult.Succeeded<>(snapshot(stripe.v1().paymentIntents().capture(paymentIntentId, params,
                    options)));
        } catch (StripeException e) {
            return failure("capture PaymentIntent", e);
        }
    }

    @Override
    public GatewayResult<RefundSnapshot> createRefund(NewRefund request) {
        RefundCreateParams.Builder params = RefundCreateParams.builder()
                .setPaymentIntent(request.paymentIntentId())
                .setAmount(request.amount())
                .putAllMetadata(request.metadata());
        if (request.reason() != null) {
            params.setReason(RefundCreateParams.Reason.valueOf(request.reason().toUpperCase()));
        }
        if (request.destination() != null) {
            params.setReverseTransfer(true);
            if (request.destination().applicationFee() > 0) {
                params.setRefundApplicationFee(true);
            }
        }
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(request.idempotencyKey()).build();
        try {
            Refund created = stripe.v1().refunds().create(params.build(), options);
            // What the answer lacks is what was asked for; a refund without an id or currency cannot be followed.
            RefundSnapshot answer = new RefundSnapshot(created.getId(),
                    Objects.requireNonNullElse(created.getPaymentIntent(), request.paymentIntentId()),
                    Objects.requireNonNullElse(created.getAmount(), request.amount()), created.getCurrency(),
                    Objects.requireNonNullElse(created.getStatus(), "pending"), created.getReason(),
                    created.getFailureReason(), created.getMetadata());
            if (answer.id() == null || answer.currency() == null) {
                log.warn("Stripe answered create Refund with a refund lacking its id or currency");
                return new GatewayResult.Rejected<>(502, "incomplete_object", "The refund answered lacks its id or currency");
            }
            return new GatewayResult.Succeeded<>(answer);
        } catch (StripeException e) {
            return failure("create Refund", e);
        }
    }

    @Override
    public GatewayResult<java.util.List<RefundSnapshot>> listRefunds(String paymentIntentId) {
        RefundListParams params = RefundListParams.builder().setPaymentIntent(paymentIntentId).setLimit(100L).build();
        return all("list Refunds", () -> stripe.v1().refunds().list(params), StripeGateway::refund);
    }

    @Override
    public GatewayResult<EventPage> listEvents(java.util.List<String> types, java.time.Instant createdGte,
            String startingAfter) {
        StringBuilder query = new StringBuilder("limit=100&created[gte]=").append(createdGte.getEpochSecond());
        types.forEach(type -> query.append("&types[]=").append(java.net.URLEncoder.encode(type, java.nio.charset.StandardCharsets.UTF_8)));
        if (startingAfter != null) {
            query.append("&starting_after=").append(startingAfter);
        }
        try {
            StripeResponse response = stripe.rawRequest(ApiResource.RequestMethod.GET, "/v1/events?" + query, null);
            JsonNode page = json.readTree(response.body());
            java.util.List<String> events = new java.util.ArrayList<>();
            String lastId = null;
            long newest = Long.MIN_VALUE;
            for (JsonNode event : page.path("data")) {
                events.add(json.writeValueAsString(event));
                lastId = event.path("id").asString();
                newest = Math.max(newest, event.path("created").asLong());
            }
            return new GatewayResult.Succeeded<>(new EventPage(events,
                    events.isEmpty() ? null : java.time.Instant.ofEpochSecond(newest),
                    page.path("has_more").asBoolean(false), lastId));
        } catch (StripeException e) {
            return failure("list Events", e);
        }
    }

    @Override
    public GatewayResult<java.util.List<PaymentIntentSnapshot>> listPaymentIntents(java.time.Instant from,
            java.time.Instant to) {
        PaymentIntentListParams params = PaymentIntentListParams.builder().setLimit(100L)
                .setCreated(PaymentIntentListParams.Created.builder()
                        .setGte(from.getEpochSecond()).setLte(to.getEpochSecond()).build())
                .build();
        return all("list PaymentIntents", () -> stripe.v1().paymentIntents().list(params), StripeGateway::snapshot);
    }

    @Override
    public GatewayResult<java.util.List<RefundSnapshot>> listRefunds(java.time.Instant from, java.time.Instant to) {
        RefundListParams params = RefundListParams.builder().setLimit(100L)
                .setCreated(RefundListParams.Created.builder()
                        .setGte(from.getEpochSecond()).setLte(to.getEpochSecond()).build())
                .build();
        return all("list Refunds", () -> stripe.v1().refunds().list(params), StripeGateway::refund);
    }

    /** Every object of a list, following its pages; a failure on any page is a failure of the whole list. */
    private static <T extends com.stripe.model.HasId, R> GatewayResult<java.util.List<R>> all(String operation,
            FirstPage<T> firstPage, java.util.function.Function<T, R> map) {
        try {
            java.util.List<R> all = new java.util.ArrayList<>();
            firstPage.get().autoPagingIterable().forEach(object -> {
                R mapped = map.apply(object);
                if (mapped != null) {
                    all.add(mapped);
                }
            });
            return new GatewayResult.Succeeded<>(all);
        } catch (StripeException e) {
            return failure(operation, e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof StripeException stripeFailure) {
                return failure(operation, stripeFailure);
            }
            throw e;
        }
    }

    private interface FirstPage<T extends com.stripe.model.HasId> {
        com.stripe.model.StripeCollection<T> get() throws StripeException;
    }

    // A listed refund that lacks what following it needs is left out (and said so) rather than failing the whole list.
    private static RefundSnapshot refund(Refund refund) {
        if (refund.getId() == null || refund.getPaymentIntent() == null || refund.getAmount() == null
                || refund.getCurrency() == null || refund.getStatus() == null) {
            log.warn("Stripe listed refund {} without its payment_intent, amount, currency or status; left out",
                    refund.getId());
            return null;
        }
        return new RefundSnapshot(refund.getId(), refund.getPaymentIntent(), refund.getAmount(), refund.getCurrency(),
                refund.getStatus(), refund.getReason(), refund.getFailureReason(), refund.getMetadata());
    }

    @Override
    public GatewayResult<CheckoutSessionSnapshot> createCheckoutSession(NewCheckoutSession request) {
        SessionCreateParams.Builder params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setClientReferenceId(request.clientReferenceId())
                .setCustomerEmail(request.customerEmail())
                .setSuccessUrl(request.successUrl())
                .setCancelUrl(request.cancelUrl())
                .setExpiresAt(request.expiresAt().getEpochSecond())
                .putAllMetadata(request.metadata())
                .setPaymentIntentData(paymentIntentData(request));
        for (Line line : request.lines()) {
            params.addLineItem(SessionCreateParams.LineItem.builder()
                    .setQuantity((long) line.quantity())
                    .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency(request.currency())
                            .setUnitAmount(line.unitAmount())
                            .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                    .setName(line.name())
                                    .build())
                            .build())
                    .build());
        }
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(request.idempotencyKey()).build();
        try {
            return new GatewayResult.Succeeded<>(session(stripe.v1().checkout().sessions().create(params.build(), options)));
        } catch (StripeException e) {
            return failure("create Checkout Session", e);
        }
    }

    // Capture is named only when manual: a session created before capture on fulfillment existed, repeated with its
    // key, sends the same parameters as the first time.
    private static SessionCreateParams.PaymentIntentData paymentIntentData(NewCheckoutSession request) {
        SessionCreateParams.PaymentIntentData.Builder data = SessionCreateParams.PaymentIntentData.builder()
                .putAllMetadata(request.metadata());
        if (request.manualCapture()) {
            data.setCaptureMethod(SessionCreateParams.PaymentIntentData.CaptureMethod.MANUAL);
        }
        if (request.destination() != null) {
            data.setTransferData(SessionCreateParams.PaymentIntentData.TransferData.builder()
                            .setDestination(request.destination().accountId())
                            .build())
                    .setOnBehalfOf(request.destination().accountId());
            if (request.destination().applicationFee() > 0) {
                data.setApplicationFeeAmount(request.destination().applicationFee());
            }
        }
        return data.build();
    }

    @Override
    public GatewayResult<CheckoutSessionSnapshot> retrieveCheckoutSession(String sessionId) {
        try {
            return new GatewayResult.Succeeded<>(session(stripe.v1().checkout().sessions().retrieve(sessionId)));
        } catch (StripeException e) {
            return failure("retrieve Checkout Session", e);
        }
    }

    @Override
    public GatewayResult<CheckoutSessionSnapshot> expireCheckoutSession(String sessionId, String idempotencyKey) {
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
        try {
            return new GatewayResult.Succeeded<>(session(stripe.v1().checkout().sessions()
                    .expire(sessionId, SessionExpireParams.builder().build(), options)));
        } catch (StripeException e) {
            return failure("expire Checkout Session", e);
        }
    }

    private static CheckoutSessionSnapshot session(Session session) {
        return new CheckoutSessionSnapshot(session.getId(), session.getStatus(), session.getPaymentStatus(),
                session.getPaymentIntent(), session.getAmountTotal(), session.getCurrency(), session.getUrl(),
                session.getExpiresAt() == null ? null : java.time.Instant.ofEpochSecond(session.getExpiresAt()),
                session.getMetadata());
    }

    @Override
    public String browserScriptUrl() {
        return connection.simulator().map(simulator -> simulator.baseUrl() + "/v3/").orElse("https://js.stripe.com/v3/");
    }

    @Override
    public String publishableKey() {
        return connection.publishableKey();
    }

    private static PaymentIntentSnapshot snapshot(PaymentIntent pi) {
        StripeError error = pi.getLastPaymentError();
        String failureCode = error == null ? null
                : error.getDeclineCode() != null ? error.getDeclineCode() : error.getCode();
        com.stripe.model.Charge charge = pi.getLatestChargeObject();
        boolean took = "succeeded".equals(pi.getStatus()) || "requires_capture".equals(pi.getStatus());
        java.time.Instant succeededAt = took && charge != null && charge.getCreated() != null
                ? java.time.Instant.ofEpochSecond(charge.getCreated()) : null;
        Long captureBefore = charge == null || charge.getPaymentMethodDetails() == null
                || charge.getPaymentMethodDetails().getCard() == null ? null
                : charge.getPaymentMethodDetails().getCard().getCaptureBefore();
        return new PaymentIntentSnapshot(pi.getId(), pi.getStatus(), pi.getAmount(), pi.getAmountReceived(),
                pi.getCurrency(), pi.getMetadata(), pi.getLatestCharge(), failureCode,
                error == null ? null : error.getMessage(), pi.getClientSecret(), succeededAt, pi.getAmountCapturable(),
                captureBefore == null ? null : java.time.Instant.ofEpochSecond(captureBefore));
    }

    // 401/403 are configuration problems, not a verdict on this payment: the call may be repeated once fixed.
    static <T> GatewayResult<T> failure(String operation, StripeException e) {
        if (e instanceof StripeNotCalled) {
            // Said once, when the breaker opened; not again for every call it keeps from Stripe.
            log.debug("Stripe {} not sent: circuit breaker open", operation);
            return new GatewayResult.Indeterminate<>(operation + " not sent: Stripe keeps failing and its circuit"
                    + " breaker is open");
        }
        Integer status = e.getStatusCode();
        // Stripe's message can quote what it refused, an email address among it.
        String detail = EmailMask.in(e.getStripeError() == null ? e.getClass().getSimpleName()
                : e.getStripeError().getMessage());
        if (e instanceof ApiConnectionException || e instanceof RateLimitException
                || e instanceof AuthenticationException || e instanceof PermissionException
                || status == null || status == 409 || status >= 500) {
            log.warn("Stripe {} failed without a definite answer: status={} code={} requestId={} message={}", operation,
                    status, e.getCode(), e.getRequestId(), detail);
            return new GatewayResult.Indeterminate<>(operation + " failed without a definite answer (status "
                    + status + ")");
        }
        log.info("Stripe refused {}: status={} code={} requestId={} message={}", operation, status, e.getCode(),
                e.getRequestId(), detail);
        String message = e.getStripeError() != null ? e.getStripeError().getMessage() : e.getMessage();
        return new GatewayResult.Rejected<>(status, e.getCode(), message);
    }
}
