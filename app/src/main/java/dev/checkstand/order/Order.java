package dev.checkstand.order;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** The order aggregate. Its state moves only forward, through the guarded methods below. */
public final class Order {

    /** Where the order is in its life. */
    public enum Status {
        PENDING_PAYMENT, PAID, CANCELED;

        public String wire() {
            return name().toLowerCase();
        }

        static Status fromWire(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    /** What has happened to the order's money. */
    public enum PaymentStatus {
        UNPAID, PROCESSING, AUTHORIZED, PAID, PARTIALLY_REFUNDED, REFUNDED;

        public String wire() {
            return name().toLowerCase();
        }

        static PaymentStatus fromWire(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    private final OrderId id;
    private final String number;
    private final String checkoutId;
    private final String checkoutFingerprint;
    private Status status;
    private PaymentStatus paymentStatus;
    private String fulfillmentStatus;
    private final Money subtotal;
    private final Money shipping;
    private final Money total;
    private long amountAuthorized;
    private long amountPaid;
    private long amountRefunded;
    private final String email;
    private final ShippingAddress shippingAddress;
    private final Set<String> attentionReasons;
    private Instant reservationExpiresAt;
    private final Instant createdAt;
    private Instant paidAt;
    private Instant canceledAt;
    private int version;

    Order(OrderId id, String number, String checkoutId, String checkoutFingerprint, Status status,
            PaymentStatus paymentStatus, String fulfillmentStatus, Money subtotal, Money shipping, long amountAuthorized,
            long amountPaid, long amountRefunded, String email, ShippingAddress shippingAddress, Set<String> attentionReasons,
            Instant reservationExpiresAt, Instant createdAt, Instant paidAt, Instant canceledAt, int version) {
        this.id = id;
        this.number = number;
        this.checkoutId = checkoutId;
        this.checkoutFingerprint = checkoutFingerprint;
        this.status = status;
        this.paymentStatus = paymentStatus;
        this.fulfillmentStatus = fulfillmentStatus;
        this.subtotal = subtotal;
        this.shipping = shipping;
        this.total = subtotal.plus(shipping);
        this.amountAuthorized = amountAuthorized;
        this.amountPaid = amountPaid;
        this.amountRefunded = amountRefunded;
        this.email = email;
        this.shippingAddress = shippingAddress;
        this.attentionReasons = new LinkedHashSet<>(attentionReasons);
        this.reservationExpiresAt = reservationExpiresAt;
        this.createdAt = createdAt;
        this.paidAt = paidAt;
        this.canceledAt = canceledAt;
        this.version = version;
    }

    static Order pending(OrderId id, String number, NewOrder request, Instant now) {
        return new Order(id, number, request.checkoutId(), request.checkoutFingerprint(), Status.PENDING_PAYMENT,
                PaymentStatus.UNPAID, "unfulfilled", request.subtotal(), request.shipping(), 0, 0, 0, request.email(),
                request.shippingAddress(), Set.of(), request.reservationExpiresAt(), now, null, null, 0);
    }

    /**
     * Receives a succeeded payment of {@code received}. A pending order becomes paid (flagged when the amount or
     * currency differs from its total); a payment for an order already paid is a duplicate, and one for a canceled
     * order came too late: both leave the order's state alone and flag it.
     */
    PaymentApplied applyPayment(Money received, Instant at) {
        if (status != Status.PENDING_PAYMENT) {
            return refuse();
        }
        status = Status.PAID;
        paymentStatus = PaymentStatus.PAID;
        amountPaid = received.amount();
        paidAt = at;
        return placed(received);
    }

    /**
     * Takes an authorization of {@code authorized} (capture on fulfillment): a pending order is placed — status paid,
     * its payment authorized and nothing yet taken — flagged when the amount or currency differs from its total; an
     * authorization for an order placed or paid already is a duplicate, and one for a canceled order came too late:
     * both leave the order's state alone, flag it, and are to be released.
     */
    PaymentApplied authorize(Money authorized) {
        if (status != Status.PENDING_PAYMENT) {
            return refuse();
        }
        status = Status.PAID;
        paymentStatus = PaymentStatus.AUTHORIZED;
        amountAuthorized = authorized.amount();
        return placed(authorized);
    }

    // Placed on this money: flagged when it is not the order's total.
    private PaymentApplied placed(Money money) {
        boolean mismatch = !money.equals(total);
        if (mismatch) {
            attentionReasons.add("amount_mismatch");
        }
        return new PaymentApplied.Paid(mismatch);
    }

    // Money for an order placed already is a duplicate; for a canceled one it came too late. Both are flagged.
    private PaymentApplied refuse() {
        if (status == Status.PAID) {
            attentionReasons.add("duplicate_payment");
            return new PaymentApplied.AlreadyPaid();
        }
        attentionReasons.add("paid_after_cancel");
        return new PaymentApplied.PaidAfterCancel();
    }

    /**
     * The authorization was captured: {@code captured} of it was taken (the rest released). True when this changed
     * anything; an order not holding an authorization stays as it is.
     */
    boolean capture(long captured, Instant at) {
        if (paymentStatus != PaymentStatus.AUTHORIZED) {
            return false;
        }
        paymentStatus = PaymentStatus.PAID;
        amountPaid = captured;
        paidAt = at;
        return true;
    }

    /**
     * The authorization was released without a capture: the placed order is canceled, nothing having been taken.
     * True when this changed anything.
     */
    boolean releaseAuthorization(Instant at) {
        if (paymentStatus != PaymentStatus.AUTHORIZED) {
            return false;
        }
        status = Status.CANCELED;
        paymentStatus = PaymentStatus.UNPAID;
        canceledAt = at;
        return true;
    }

    /** An asynchronous payment method is settling; true when this changed anything. */
    boolean markProcessing() {
        if (status != Status.PENDING_PAYMENT || paymentStatus == PaymentStatus.PROCESSING) {
            return false;
        }
        paymentStatus = PaymentStatus.PROCESSING;
        return true;
    }

    /** A payment attempt failed; a processing order goes back to unpaid. True when this changed anything. */
    boolean markPaymentFailed() {
        if (status != Status.PENDING_PAYMENT || paymentStatus != PaymentStatus.PROCESSING) {
            return false;
        }
        paymentStatus = PaymentStatus.UNPAID;
        return true;
    }

    /** Cancels a pending order; a paid order refuses, a canceled one stays as it is. */
    Cancellation cancel(Instant at) {
        return switch (status) {
            case PENDING_PAYMENT -> {
                status = Status.CANCELED;
                canceledAt = at;
                yield Cancellation.CANCELED;
            }
            case CANCELED -> Cancellation.ALREADY_CANCELED;
            case PAID -> Cancellation.REFUSED_PAID;
        };
    }

    /** The outcome of canceling an order. */
    public enum Cancellation {
        /** The pending order is canceled now and its stock released. */
        CANCELED,
        /** It was canceled before: nothing changed. */
        ALREADY_CANCELED,
        /** It is paid: refund it instead. */
        REFUSED_PAID
    }

    /** Sets how much of the payment has been returned; the payment status follows. True when anything changed. */
    boolean refunded(long amount) {
        if (status != Status.PAID || amount == amountRefunded) {
            return false;
        }
        amountRefunded = amount;
        paymentStatus = amount <= 0 ? PaymentStatus.PAID
                : amount >= amountPaid ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
        return true;
    }

    /** Holds the stock of a pending order at least until {@code until}; true when the hold moved. */
    boolean extendHold(Instant until) {
        if (status != Status.PENDING_PAYMENT || !until.isAfter(reservationExpiresAt)) {
            return false;
        }
        reservationExpiresAt = until;
        return true;
    }

    /** Marks the order for an admin's attention; true when the reason is new. */
    boolean flag(String reason) {
        return attentionReasons.add(reason);
    }

    /** The reason no longer needs an admin (its cause was resolved); true when it was flagged. */
    boolean unflag(String reason) {
        return attentionReasons.remove(reason);
    }

    /**
     * Records where the order's fulfillment is, as the fulfillment module decided (it keeps the forward-only rule);
     * only a paid order has one. True when it changed.
     */
    boolean fulfillment(String status) {
        if (status.equals(fulfillmentStatus)) {
            return false;
        }
        fulfillmentStatus = status;
        return true;
    }

    public OrderId id() {
        return id;
    }

    public String number() {
        return number;
    }

    public String checkoutId() {
        return checkoutId;
    }

    public String checkoutFingerprint() {
        return checkoutFingerprint;
    }

    public Status status() {
        return status;
    }

    public PaymentStatus paymentStatus() {
        return paymentStatus;
    }

    public String fulfillmentStatus() {
        return fulfillmentStatus;
    }

    public Money subtotal() {
        return subtotal;
    }

    public Money shipping() {
        return shipping;
    }

    public Money total() {
        return total;
    }

    /** What the order's authorization held (capture on fulfillment); 0 when it never had one. */
    public long amountAuthorized() {
        return amountAuthorized;
    }

    public long amountPaid() {
        return amountPaid;
    }

    public long amountRefunded() {
        return amountRefunded;
    }

    public String email() {
        return email;
    }

    public ShippingAddress shippingAddress() {
        return shippingAddress;
    }

    public Set<String> attentionReasons() {
        return Set.copyOf(attentionReasons);
    }

    public boolean needsAttention() {
        return !attentionReasons.isEmpty();
    }

    public Instant reservationExpiresAt() {
        return reservationExpiresAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant paidAt() {
        return paidAt;
    }

    public Instant canceledAt() {
        return canceledAt;
    }

    int version() {
        return version;
    }

    /** The row was written: later writes in the same transaction check the new version. */
    void written() {
        version++;
    }

    /** A copy of this order as it is now, for readers that must not see later changes to this one. */
    Order copy() {
        return new Order(id, number, checkoutId, checkoutFingerprint, status, paymentStatus, fulfillmentStatus,
                subtotal, shipping, amountAuthorized, amountPaid, amountRefunded, email, shippingAddress,
                attentionReasons, reservationExpiresAt, createdAt, paidAt, canceledAt, version);
    }
}
