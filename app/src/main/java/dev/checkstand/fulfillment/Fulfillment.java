package dev.checkstand.fulfillment;

import dev.checkstand.common.OrderId;
import dev.checkstand.fulfillment.provider.ProviderOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One paid order's fulfillment, read from its row and changed only through the guarded methods below, under the
 * row's lock. {@code attempts} counts submission calls begun: past the first, an earlier one may have reached the
 * provider, so the order is read there before anything is created again. {@code nextAttemptAt} is when the worker
 * next acts on it (a submission or a requested cancellation), null when nothing is due. {@code claimId} names the
 * worker holding it under a lease: only that worker's own result gives the lease up (a webhook's re-read does not),
 * so a cancellation asked for while a submission is under way waits for the submission's outcome.
 */
final class Fulfillment {

    private final OrderId orderId;
    private final String provider;
    private final String externalId;
    private FulfillmentStatus status;
    private Long providerOrderId;
    private String providerStatus;
    private int attempts;
    private String lastError;
    private List<UUID> blockedProducts;
    private boolean cancelRequested;
    private Instant nextAttemptAt;
    private Instant providerUpdatedAt;
    private int cancelAttempts;
    private UUID claimId;

    Fulfillment(OrderId orderId, String provider, String externalId, FulfillmentStatus status, Long providerOrderId,
            String providerStatus, int attempts, String lastError, List<UUID> blockedProducts, boolean cancelRequested,
            Instant nextAttemptAt, Instant providerUpdatedAt, int cancelAttempts, UUID claimId) {
        this.orderId = orderId;
        this.provider = provider;
        this.externalId = externalId;
        this.status = status;
        this.providerOrderId = providerOrderId;
        this.providerStatus = providerStatus;
        this.attempts = attempts;
        this.lastError = lastError;
        this.blockedProducts = List.copyOf(blockedProducts);
        this.cancelRequested = cancelRequested;
        this.nextAttemptAt = nextAttemptAt;
        this.providerUpdatedAt = providerUpdatedAt;
        this.cancelAttempts = cancelAttempts;
        this.claimId = claimId;
    }

    /**
     * The worker holding {@code claim} is done with this fulfillment: the lease is given up. A result from a worker
     * whose lease ran out (another holds it now) gives nothing up; false then.
     */
    boolean release(UUID claim) {
        if (claim == null || !claim.equals(claimId)) {
            return false;
        }
        claimId = null;
        return true;
    }

    /** Whether {@code claim} is the lease this fulfillment is held under. */
    boolean heldBy(UUID claim) {
        return claim != null && claim.equals(claimId);
    }

    /**
     * Takes in the provider's order as just read: its id and status are kept unless an older read than the one we
     * have; our status follows the provider's where {@link FulfillmentStatus#mayBecome} allows. With
     * {@code confirmDrafts}, a draft is not submitted yet: a pending fulfillment stays pending and due, so the worker
     * confirms it. True when our status changed. A requested cancellation stays due.
     */
    boolean apply(ProviderOrder order, boolean confirmDrafts, Instant now) {
        providerOrderId = order.id();
        if (status == FulfillmentStatus.PENDING || status == FulfillmentStatus.FAILED) {
            lastError = null;
        }
        if (order.updated() != null && providerUpdatedAt != null && order.updated().isBefore(providerUpdatedAt)) {
            nextAttemptAt = cancelRequested ? now : nextAttemptAt;
            return false;
        }
        providerStatus = order.status();
        if (order.updated() != null) {
            providerUpdatedAt = order.updated();
        }
        if (confirmDrafts && "draft".equals(order.status()) && status == FulfillmentStatus.PENDING) {
            nextAttemptAt = now;
            return false;
        }
        nextAttemptAt = cancelRequested ? now : null;
        FulfillmentStatus next = FulfillmentStatus.fromPrintful(order.status()).orElse(status);
        if (!status.mayBecome(next)) {
            return false;
        }
        status = next;
        return true;
    }

    /** A call failed and is tried again at {@code at}. */
    void retryAt(Instant at, String error) {
        lastError = error;
        nextAttemptAt = at;
    }

    /** Submission gave up: an admin must look (and may retry). A requested cancellation stays due. */
    void fail(String error, Instant now) {
        status = FulfillmentStatus.FAILED;
        lastError = error;
        nextAttemptAt = cancelRequested ? now : null;
    }

    /** Items lack a provider variant: nothing can be submitted until an admin sets them. */
    void block(List<UUID> products) {
        status = FulfillmentStatus.BLOCKED;
        blockedProducts = List.copyOf(products);
        nextAttemptAt = null;
    }

    /**
     * Submits a blocked or failed fulfillment again, now. A failed one keeps one counted attempt, so the next call
     * reads the provider before it creates anything, and has its full budget of attempts again.
     */
    void resubmit(Instant now) {
        if (status == FulfillmentStatus.FAILED && anyCallBegun()) {
            attempts = 1;
        }
        status = FulfillmentStatus.PENDING;
        blockedProducts = List.of();
        lastError = null;
        nextAttemptAt = now;
    }

    /**
     * A full refund asks for the provider order to be canceled: due now, done once no worker holds the lease (a
     * submission under way finishes first, so there is something to cancel).
     */
    void requestCancel(Instant now) {
        cancelRequested = true;
        cancelAttempts = 0;
        nextAttemptAt = now;
    }

    /** Nothing will be made: canceled here and, where it got there, at the provider. */
    void canceled() {
        status = FulfillmentStatus.CANCELED;
        cancelRequested = false;
        nextAttemptAt = null;
    }

    /** The cancellation asked for cannot be done (production began); nothing more is tried. */
    void cancelRefused(String error) {
        cancelRequested = false;
        lastError = error;
        nextAttemptAt = null;
    }

    /** Right after a submission claim (which counted itself): whether an earlier call may have created the order. */
    boolean earlierCallMayHaveCreated() {
        return providerOrderId != null || attempts > 1;
    }

    /** Whether any submission call was ever begun, so the provider may hold the order. */
    boolean anyCallBegun() {
        return providerOrderId != null || attempts > 0;
    }

    OrderId orderId() {
        return orderId;
    }

    String provider() {
        return provider;
    }

    String externalId() {
        return externalId;
    }

    FulfillmentStatus status() {
        return status;
    }

    Long providerOrderId() {
        return providerOrderId;
    }

    String providerStatus() {
        return providerStatus;
    }

    int attempts() {
        return attempts;
    }

    String lastError() {
        return lastError;
    }

    List<UUID> blockedProducts() {
        return blockedProducts;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    Instant providerUpdatedAt() {
        return providerUpdatedAt;
    }

    int cancelAttempts() {
        return cancelAttempts;
    }

    UUID claimId() {
        return claimId;
    }
}
