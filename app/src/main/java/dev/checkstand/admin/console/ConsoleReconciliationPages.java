package dev.checkstand.admin.console;

import dev.checkstand.common.Problem;
import dev.checkstand.reconciliation.EventCatchUp;
import dev.checkstand.reconciliation.ManualReconciliation;
import dev.checkstand.reconciliation.ReconciliationAudit;
import dev.checkstand.reconciliation.StaleOrderSync;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's reconciliation: the audit of the last day's local state against Stripe, mismatches by kind with
 * examples that lead to their orders, and "sync now" — the events catch-up and the re-read of stale pending orders
 * that the jobs run on their own.
 */
@Controller
class ConsoleReconciliationPages {

    private final ReconciliationAudit audit;
    private final ManualReconciliation reconciliation;
    private final Clock clock;

    ConsoleReconciliationPages(ReconciliationAudit audit, ManualReconciliation reconciliation, Clock clock) {
        this.audit = audit;
        this.reconciliation = reconciliation;
        this.clock = clock;
    }

    @GetMapping("/admin/reconciliation")
    String report(Model model) {
        Instant now = clock.instant();
        try {
            model.addAttribute("report", audit.run(now.minus(Duration.ofDays(1)), now));
        } catch (Problem problem) {
            model.addAttribute("problem", problem.title() + ": " + problem.getMessage());
        }
        model.addAttribute("fmt", new ConsoleFormat());
        return "admin/reconciliation";
    }

    @PostMapping("/admin/reconciliation/sync")
    String syncNow(RedirectAttributes result) {
        try {
            ManualReconciliation.Result pass = reconciliation.runNow();
            EventCatchUp.Result events = pass.events();
            StaleOrderSync.Result orders = pass.orders();
            result.addFlashAttribute("done", "Synced: " + events.seen() + " events seen in " + events.pages()
                    + " list calls, " + events.stored() + " new; " + orders.synced() + " pending orders re-read, "
                    + orders.failed() + " failed, " + orders.skipped() + " skipped.");
        } catch (Problem problem) {
            result.addFlashAttribute("problem", problem.title() + ": " + problem.getMessage());
        }
        return "redirect:/admin/reconciliation";
    }
}
