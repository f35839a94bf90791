package dev.checkstand.admin.console;

import dev.checkstand.common.InvalidRequest;
import dev.checkstand.common.Problem;
import dev.checkstand.shipping.ShippingAdministration;
import dev.checkstand.shipping.ShippingRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's shipping rules: the rules in force (or the default rule, said as such), and the whole rule set as a
 * form of rows — add rows, mark rows for removal, save them all at once. A refusal comes back on the page with every
 * refused field named by its row and the admin's input kept; nothing is changed then.
 */
@Controller
class ConsoleShippingPages {

    private static final ConsoleFormat FORMAT = new ConsoleFormat();

    private final ShippingAdministration shipping;

    ConsoleShippingPages(ShippingAdministration shipping) {
        this.shipping = shipping;
    }

    @GetMapping("/admin/shipping")
    String rules(Model model) {
        ShippingAdministration.Rules current = shipping.current();
        model.addAttribute("fmt", FORMAT);
        model.addAttribute("configured", current.configured());
        model.addAttribute("updatedAt", current.updatedAt());
        model.addAttribute("rules", current.rules().stream().map(ShippingRuleView::of).toList());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", ShippingRuleForm.of(current.rules()));
        }
        return "admin/shipping";
    }

    /** The form's rows replace every rule; none left (all empty or removed) goes back to the default rule. */
    @PostMapping("/admin/shipping")
    String save(@RequestParam Map<String, String> form, RedirectAttributes result) {
        List<ShippingRuleForm.Row> rows = ShippingRuleForm.read(form);
        List<InvalidRequest.FieldError> unreadable = new ArrayList<>();
        List<ShippingRule> rules = ShippingRuleForm.rules(rows, unreadable);
        try {
            ShippingAdministration.Rules saved = shipping.replace(rules, unreadable);
            result.addFlashAttribute("done", saved.configured()
                    ? "Saved: " + saved.rules().size() + (saved.rules().size() == 1 ? " rule" : " rules") + " in force."
                    : "No rules are stored now: the default rule applies.");
        } catch (InvalidRequest refused) {
            int count = refused.errors().size();
            result.addFlashAttribute("problem", "Not saved: " + count + (count == 1 ? " field is" : " fields are")
                    + " refused, shown below at their rules. Nothing changed.");
            result.addFlashAttribute("form", ShippingRuleForm.refused(rows, refused.errors()));
        } catch (Problem problem) {
            result.addFlashAttribute("problem", problem.title() + ": " + problem.getMessage());
            result.addFlashAttribute("form", ShippingRuleForm.refused(rows, List.of()));
        }
        return "redirect:/admin/shipping";
    }
}
