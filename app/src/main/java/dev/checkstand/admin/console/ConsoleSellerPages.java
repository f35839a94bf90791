package dev.checkstand.admin.console;

import dev.checkstand.common.NotFound;
import dev.checkstand.common.Problem;
import dev.checkstand.payment.gateway.ConnectGateway;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import dev.checkstand.seller.Seller;
import dev.checkstand.seller.SellerAdministration;
import dev.checkstand.seller.SellerId;
import jakarta.validation.Validator;
import java.util.UUID;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The console's marketplace sellers: the list with what each one's Stripe account may do, and a create form; one
 * seller with Stripe's requirements, an edit form, and an onboarding link made on request for the admin to send to
 * the seller. A refused form comes back with the admin's input kept; Stripe not answering is said on the page.
 */
@Controller
class ConsoleSellerPages {

    private static final ConsoleFormat FORMAT = new ConsoleFormat();

    private final SellerAdministration sellers;
    private final Validator validator;

    ConsoleSellerPages(SellerAdministration sellers, Validator validator) {
        this.sellers = sellers;
        this.validator = validator;
    }

    @GetMapping("/admin/sellers")
    String list(Model model) {
        model.addAttribute("fmt", FORMAT);
        model.addAttribute("sellers", sellers.all().stream().map(ConsoleSeller::new).toList());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", SellerForm.empty());
        }
        return "admin/sellers";
    }

    @PostMapping("/admin/sellers")
    String create(@RequestParam(required = false) String name, @RequestParam(required = false) String email,
            @RequestParam(required = false) String commission, RedirectAttributes result) {
        SellerForm form = SellerForm.typed(name, email, commission);
        try {
            Seller created = sellers.create(form.data(validator));
            result.addFlashAttribute("done", "Created " + created.name() + "."
                    + (created.stripeAccountId() == null ? " Stripe did not answer: its account is created when the"
                            + " seller is next shown." : " Send the seller an onboarding link."));
            return "redirect:/admin/sellers/" + created.id().value();
        } catch (Problem problem) {
            result.addFlashAttribute("problem", problem.title() + ": " + problem.getMessage());
            result.addFlashAttribute("form", form);
            return "redirect:/admin/sellers";
        }
    }

    @GetMapping("/admin/sellers/{id}")
    String seller(@PathVariable String id, Model model) {
        Seller seller = sellers.get(sellerId(id));
        model.addAttribute("fmt", FORMAT);
        model.addAttribute("s", new ConsoleSeller(seller));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", SellerForm.of(seller));
        }
        return "admin/seller";
    }

    @PostMapping("/admin/sellers/{id}")
    String update(@PathVariable String id, @RequestParam(required = false) String name,
            @RequestParam(required = false) String email, @RequestParam(required = false) String commission,
            RedirectAttributes result) {
        SellerId seller = sellerId(id);
        SellerForm form = SellerForm.typed(name, email, commission);
        try {
            sellers.update(seller, form.data(validator));
            result.addFlashAttribute("done", "Saved. The commission applies to checkouts from now on.");
        } catch (NotFound missing) {
            throw missing;
        } catch (Problem problem) {
            result.addFlashAttribute("problem", problem.title() + ": " + problem.getMessage());
            result.addFlashAttribute("form", form);
        }
        return "redirect:/admin/sellers/" + seller.value();
    }

    /** A new Stripe Account Link for the seller, shown on its page for the admin to send; Stripe silent is said so. */
    @PostMapping("/admin/sellers/{id}/onboarding-link")
    String onboardingLink(@PathVariable String id, RedirectAttributes result) {
        SellerId seller = sellerId(id);
        try {
            ConnectGateway.AccountLink link = sellers.onboardingLink(seller,
                    ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
            result.addFlashAttribute("linkUrl", link.url());
            result.addFlashAttribute("linkExpiresAt", FORMAT.at(link.expiresAt()));
        } catch (PaymentProviderUnavailable unavailable) {
            result.addFlashAttribute("linkProblem", "Stripe did not answer, so no onboarding link was made."
                    + " Nothing changed: try again in a moment.");
        }
        return "redirect:/admin/sellers/" + seller.value();
    }

    @ExceptionHandler(NotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(NotFound missing, Model model) {
        model.addAttribute("detail", missing.getMessage());
        return "admin/not-found";
    }

    private static SellerId sellerId(String text) {
        try {
            return SellerId.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new NotFound("seller_not_found", "No seller " + text);
        }
    }
}
