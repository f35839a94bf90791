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
        UNPAID, PROCESSING, PAID, PARTIALLY_REFUNDED, REFUNDED;

        public String wire() {
            return name().toLowerCase();
        }

        static PaymentStatus fromWire(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    /** The outcome of applying a succeeded payment. */
    public enum PaymentApplied {
        /** The order was pending and is now paid. */
        PAID,
        /** The order was already paid: nothing changed. */
        ALREADY_PAID,
        /** The order was canceled before the money arrived: it stays canceled and needs an admin. */
        ORDER_CANCELED
    }

    private final OrderId id;
    private final String number;
    private final String checkoutId;
    private final String checkoutFingerprint;
    private Status status;
    private PaymentStatus paymentStatus;
    private final String fulfillmentStatus;
    private final Money subtotal;
    private final Money shipping;
    private final Money total;
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
            PaymentStatus paymentStatus, String fulfillmentStatus, Money subtotal, Money shipping, long amountPaid,
            long amountRefunded, String email, ShippingAddress shippingAddress, Set<String> attentionReasons,
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
                PaymentStatus.UNPAID, "unfulfilled", request.subtotal(), request.shipping(), 0, 0, request.email(),
                request.shippingAddress(), Set.of(), request.reservationExpiresAt(), now, null, null, 0);
    }

    /** Applies a succeeded payment of {@code received}; a different amount or currency flags the order. */
    PaymentApplied markPaid(Money received, Instant at) {
        if (status == Status.PAID) {
            return PaymentApplied.ALREADY_PAID;
        }
        if (status == Status.CANCELED) {
            attentionReasons.add("paid_after_cancel");
            return PaymentApplied.ORDER_CANCELED;
        }
        status = Status.PAID;
        paymentStatus = PaymentStatus.PAID;
        amountPaid = received.amount();
        paidAt = at;
        if (!received.equals(total)) {
            attentionReasons.add("amount_mismatch");
        }
        return PaymentApplied.PAID;
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

    /** Cancels a pending order; refused (false) once paid. */
    boolean cancel(Instant at) {
        if (status == Status.CANCELED) {
            return true;
        }
        if (status == Status.PAID) {
            return false;
        }
        status = Status.CANCELED;
        canceledAt = at;
        return true;
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
}
