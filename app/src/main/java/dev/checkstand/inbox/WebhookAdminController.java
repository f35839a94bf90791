package dev.checkstand.inbox;

import dev.checkstand.common.InvalidRequest;
import dev.checkstand.common.NotFound;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The stored webhook events for admins: the audit trail and the dead letters, and replaying one. */
@RestController
class WebhookAdminController {

    private static final Set<String> STATUSES = Set.of("received", "processed", "ignored", "failed");

    private final InboxEvents events;
    private final InboxProcessor processor;

    WebhookAdminController(InboxEvents events, InboxProcessor processor) {
        this.events = events;
        this.processor = processor;
    }

    @GetMapping("/api/admin/webhook-events")
    Page events(@RequestParam(required = false) String status, @RequestParam(required = false) String type,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (status != null && !STATUSES.contains(status)) {
            throw InvalidRequest.of("status", "must be one of " + STATUSES);
        }
        if (page < 0 || size < 1 || size > 200) {
            throw InvalidRequest.of("size", "page must be >= 0 and size 1-200");
        }
        return new Page(events.page(status, type, page, size), page, size, events.count(status, type));
    }

    @ApiResponse(responseCode = "200", description = "The event as it is after processing it again",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "webhook_event_not_found")
    @PostMapping("/api/admin/webhook-events/{id}/replay")
    InboxEvents.EventSummary replay(@PathVariable long id) {
        events.summary(id).orElseThrow(() -> new NotFound("webhook_event_not_found", "No stored webhook event " + id));
        processor.replay(id);
        return events.summary(id).orElseThrow();
    }

    record Page(List<InboxEvents.EventSummary> items, int page, int size, long total) {
    }
}
