package dev.checkstand.admin;

import dev.checkstand.common.OrderId;
import dev.checkstand.common.ProductId;
import dev.checkstand.refund.Refund;
import dev.checkstand.refund.RefundRequests;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Admin refunds, idempotent by the {@code Idempotency-Key} header. */
@RestController
class AdminRefundController {

    private final RefundRequests refunds;

    AdminRefundController(RefundRequests refunds) {
        this.refunds = refunds;
    }

    @ApiResponse(responseCode = "201", description = "The refund, requested from Stripe", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "200", description = "The refund this Idempotency-Key asked for before",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "idempotency_key_required: no Idempotency-Key of 1-200 "
            + "characters; invalid_request: a refused field (`errors` names it)")
    @ApiResponse(responseCode = "404", description = "order_not_found")
    @ApiResponse(responseCode = "409", description = "idempotency_key_reused: the key asked for another refund of this "
            + "order; order_not_refundable: the order is not paid")
    @ApiResponse(responseCode = "422", description = "refund_exceeds_refundable: more than is still refundable "
            + "(`refundable`); restock_exceeds_sold: more units back in stock than were sold and not yet restocked")
    @PostMapping("/api/admin/orders/{orderId}/refunds")
    ResponseEntity<RefundView> refund(@PathVariable UUID orderId,
            @Parameter(required = true, description = "The admin's key for this refund: the same key again answers "
                    + "the same refund")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @Valid @RequestBody(required = false) RefundBody body) {
        RefundBody request = body == null ? new RefundBody(null, null, null) : body;
        RefundRequests.Requested requested = refunds.refund(OrderId.of(orderId), idempotencyKey,
                new RefundRequests.RefundRequest(request.amount(), request.reason(), request.restockItems() == null
                        ? List.of()
                        : request.restockItems().stream()
                                .map(i -> new RefundRequests.RefundRequest.Restock(ProductId.of(i.productId()), i.quantity()))
                                .toList()));
        return ResponseEntity.status(requested.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(RefundView.of(requested.refund()));
    }

    record RefundBody(@Min(1) @Max(99_999_999) Long amount, String reason,
            @Size(max = 100) List<@NotNull @Valid RestockItem> restockItems) {
    }

    record RestockItem(@NotNull UUID productId, @NotNull @Min(1) @Max(1000) Integer quantity) {
    }

    record RefundView(String id, String stripeRefundId, long amount, String currency, String status, String reason,
            String source, Instant createdAt) {

        static RefundView of(Refund r) {
            return new RefundView(r.id().toString(), r.stripeRefundId(), r.amount().amount(), r.amount().currency(),
                    r.status().wire(), r.reason(), r.source(), r.createdAt());
        }
    }
}
