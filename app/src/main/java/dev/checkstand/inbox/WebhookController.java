package dev.checkstand.inbox;

import dev.checkstand.common.NotFound;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The providers' webhook endpoints: verify, store, acknowledge; processing follows asynchronously. A delivery that is
 * stored is usually acknowledged before it reaches here, by {@link DirectWebhooks}, with the same answer; this answers
 * everything else (refusals, unreadable bodies, a database that did not answer), all of it when
 * {@code checkstand.webhooks.direct} is off, and describes the routes (OpenAPI).
 */
@RestController
class WebhookController {

    private final WebhookReceipt receipt;
    private final InboxProcessor processor;

    WebhookController(WebhookReceipt receipt, InboxProcessor processor) {
        this.receipt = receipt;
        this.processor = processor;
    }

    // The body is taken as raw bytes: the signature covers the exact bytes Stripe sent.
    @ApiResponse(responseCode = "200", description = "Stored (or stored before: `duplicate`); processed afterwards",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "invalid_signature: Stripe-Signature is missing, malformed, wrong "
            + "or stale; invalid_event: signed, but not a Stripe event. Nothing is stored")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "A Stripe event, exactly as Stripe signed it",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @PostMapping(path = "/api/payments/webhook", consumes = "*/*")
    ResponseEntity<Map<String, Object>> stripe(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        return acknowledge(receipt.receive("stripe", text(body), signature));
    }

    // Stripe's Connect endpoint: events on sellers' connected accounts, signed with that endpoint's own secret.
    @ApiResponse(responseCode = "200", description = "Stored (or stored before: `duplicate`); processed afterwards",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "invalid_signature: Stripe-Signature is missing, malformed, wrong "
            + "or stale for the Connect endpoint's secret; invalid_event: signed, but not an event on a connected "
            + "account. Nothing is stored")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "A Stripe Connect event, exactly as Stripe "
            + "signed it", content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @PostMapping(path = "/api/payments/webhook/connect", consumes = "*/*")
    ResponseEntity<Map<String, Object>> stripeConnect(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        return acknowledge(receipt.receive("stripe-connect", text(body), signature));
    }

    // Printful's v1 webhooks are authenticated by the secret in the path alone; a wrong one is a URL that does not
    // exist (404), and nothing is stored. Printful wants exactly 200 and retries anything else.
    @ApiResponse(responseCode = "200", description = "Stored (or stored before: `duplicate`); the order is re-read "
            + "from Printful afterwards", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "invalid_event: not a Printful webhook. Nothing is stored")
    @ApiResponse(responseCode = "404", description = "not_found: not the configured secret. Nothing is stored")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "A Printful v1 webhook",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @PostMapping(path = "/api/printful/webhook/{secret}", consumes = "*/*")
    ResponseEntity<Map<String, Object>> printful(@PathVariable String secret,
            @RequestBody(required = false) byte[] body) {
        WebhookReceipt.Received received;
        try {
            received = receipt.receive("printful", text(body), secret);
        } catch (InvalidWebhook e) {
            if (e.code().equals("invalid_signature")) {
                throw new NotFound("not_found", "No such resource");
            }
            throw e;
        }
        return acknowledge(received);
    }

    private static String text(byte[] body) {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    // Stored: processed right after, on this instance, when it is new.
    private ResponseEntity<Map<String, Object>> acknowledge(WebhookReceipt.Received received) {
        if (received.isNew()) {
            processor.processSoon(received.storedId());
        }
        return ResponseEntity.ok(Map.of("received", true, "duplicate", !received.isNew()));
    }
}
