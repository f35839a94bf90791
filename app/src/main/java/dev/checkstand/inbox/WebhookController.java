package dev.checkstand.inbox;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The providers' webhook endpoints: verify, store, acknowledge; processing follows asynchronously. */
@RestController
class WebhookController {

    private final WebhookReceipt receipt;
    private final InboxProcessor processor;

    WebhookController(WebhookReceipt receipt, InboxProcessor processor) {
        this.receipt = receipt;
        this.processor = processor;
    }

    // The body is taken as raw bytes: the signature covers the exact bytes Stripe sent.
    @PostMapping(path = "/api/payments/webhook", consumes = "*/*")
    ResponseEntity<Map<String, Object>> stripe(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        String payload = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        WebhookReceipt.Received received = receipt.receive("stripe", payload, signature);
        if (received.isNew()) {
            processor.processSoon(received.storedId());
        }
        return ResponseEntity.ok(Map.of("received", true, "duplicate", !received.isNew()));
    }
}
