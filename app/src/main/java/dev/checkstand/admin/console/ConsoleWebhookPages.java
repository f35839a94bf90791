package dev.checkstand.admin.console;

import dev.checkstand.common.NotFound;
import dev.checkstand.common.Problem;
import dev.checkstand.inbox.InboxAdministration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The console's webhook events: filtered by source, status and type, each with its body (read-only) and a replay. */
@Controller
class ConsoleWebhookPages {

    private static final int PAGE_SIZE = 50;
    private static final List<String> SOURCES = List.of("stripe", "stripe-connect", "printful");
    private static final List<String> STATUSES = List.of("received", "processed", "ignored", "failed");
    private static final ConsoleFormat FORMAT = new ConsoleFormat();

    private final InboxAdministration inbox;
    private final JsonMapper pretty;

    ConsoleWebhookPages(InboxAdministration inbox, JsonMapper json) {
        this.inbox = inbox;
        this.pretty = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    @GetMapping("/admin/webhook-events")
    String list(@RequestParam(required = false) String source, @RequestParam(required = false) String status,
            @RequestParam(required = false) String type, @RequestParam(defaultValue = "0") String page, Model model) {
        String knownSource = source != null && SOURCES.contains(source) ? source : null;
        String knownStatus = status != null && STATUSES.contains(status) ? status : null;
        String knownType = type == null || type.isBlank() || type.length() > 100 ? null : type.trim();
        int number = ConsolePages.pageNumber(page);
        InboxAdministration.Page events = inbox.page(knownSource, knownStatus, knownType, number, PAGE_SIZE);
        model.addAttribute("fmt", FORMAT);
        model.addAttribute("events", events.items());
        model.addAttribute("total", events.total());
        model.addAttribute("page", number);
        model.addAttribute("hasNext", (long) (number + 1) * PAGE_SIZE < events.total());
        model.addAttribute("source", knownSource);
        model.addAttribute("status", knownStatus);
        model.addAttribute("type", knownType);
        model.addAttribute("sources", SOURCES);
        model.addAttribute("statuses", STATUSES);
        return "admin/webhook-events";
    }

    @GetMapping("/admin/webhook-events/{id}")
    String event(@PathVariable String id, Model model) {
        long eventId = id(id);
        model.addAttribute("fmt", FORMAT);
        model.addAttribute("event", inbox.entry(eventId).orElseThrow(() -> missing(id)));
        model.addAttribute("payload", prettyPrinted(inbox.payload(eventId).orElse("")));
        return "admin/webhook-event";
    }

    @PostMapping("/admin/webhook-events/{id}/replay")
    String replay(@PathVariable String id, RedirectAttributes result) {
        long eventId = id(id);
        try {
            InboxAdministration.Entry after = inbox.replay(eventId);
            result.addFlashAttribute("done", "Replayed: the event is " + after.status() + ".");
        } catch (NotFound missing) {
            throw missing;
        } catch (Problem problem) {
            result.addFlashAttribute("problem", problem.title() + ": " + problem.getMessage());
        }
        return "redirect:/admin/webhook-events/" + eventId;
    }

    @ExceptionHandler(NotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(NotFound missing, Model model) {
        model.addAttribute("detail", missing.getMessage());
        return "admin/not-found";
    }

    private String prettyPrinted(String payload) {
        try {
            return pretty.writeValueAsString(pretty.readTree(payload));
        } catch (JacksonException e) {
            return payload;
        }
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw missing(text);
        }
    }

    private static NotFound missing(String id) {
        return new NotFound("webhook_event_not_found", "No stored webhook event " + id);
    }
}
