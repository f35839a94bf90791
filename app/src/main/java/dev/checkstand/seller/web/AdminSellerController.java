package dev.checkstand.seller.web;

import dev.checkstand.payment.gateway.ConnectGateway;
import dev.checkstand.seller.Seller;
import dev.checkstand.seller.SellerAdministration;
import dev.checkstand.seller.SellerId;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Marketplace sellers for admins: each with its Stripe Express account and what Stripe says it may do. */
@RestController
class AdminSellerController {

    private final SellerAdministration sellers;

    AdminSellerController(SellerAdministration sellers) {
        this.sellers = sellers;
    }

    @ApiResponse(responseCode = "201", description = "The seller, with its Stripe Express account (stripeAccountId "
            + "null for now when Stripe did not answer: it is created when the seller is next shown)",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "invalid_request: a refused field (`errors` names it)")
    @PostMapping("/api/admin/sellers")
    ResponseEntity<SellerView> create(@Valid @RequestBody SellerBody body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(SellerView.of(sellers.create(body.data())));
    }

    @GetMapping("/api/admin/sellers")
    List<SellerView> all() {
        return sellers.all().stream().map(SellerView::of).toList();
    }

    @ApiResponse(responseCode = "200", description = "The seller; its account read from Stripe again when the copy "
            + "here is stale", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "seller_not_found")
    @GetMapping("/api/admin/sellers/{id}")
    SellerView get(@PathVariable UUID id) {
        return SellerView.of(sellers.get(SellerId.of(id)));
    }

    @ApiResponse(responseCode = "200", description = "The seller as changed", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "invalid_request: a refused field (`errors` names it)")
    @ApiResponse(responseCode = "404", description = "seller_not_found")
    @PutMapping("/api/admin/sellers/{id}")
    SellerView update(@PathVariable UUID id, @Valid @RequestBody SellerBody body) {
        return SellerView.of(sellers.update(SellerId.of(id), body.data()));
    }

    @ApiResponse(responseCode = "200", description = "A Stripe Account Link to send the seller to", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "seller_not_found")
    @ApiResponse(responseCode = "503", description = "payment_provider_unavailable: Stripe did not answer")
    @PostMapping("/api/admin/sellers/{id}/onboarding-link")
    OnboardingLink onboardingLink(@PathVariable UUID id) {
        ConnectGateway.AccountLink link = sellers.onboardingLink(SellerId.of(id),
                ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
        return new OnboardingLink(link.url(), link.expiresAt());
    }

    record SellerBody(
            @NotBlank @Size(max = 200) String name,
            @Email @Size(max = 254) String email,
            @NotNull @Min(0) @Max(10_000) Integer commissionBps) {

        SellerAdministration.SellerData data() {
            return new SellerAdministration.SellerData(name.trim(), email == null || email.isBlank() ? null : email.trim(),
                    commissionBps);
        }
    }

    record Requirements(List<String> currentlyDue, List<String> pastDue, List<String> eventuallyDue,
            String disabledReason) {
    }

    record SellerView(UUID id, String name, String email, String stripeAccountId, boolean chargesEnabled,
            boolean payoutsEnabled, boolean detailsSubmitted, Requirements requirements, int commissionBps,
            Instant accountAsOf) {

        static SellerView of(Seller s) {
            ConnectGateway.Requirements r = s.requirements();
            return new SellerView(s.id().value(), s.name(), s.email(), s.stripeAccountId(), s.chargesEnabled(),
                    s.payoutsEnabled(), s.detailsSubmitted(),
                    new Requirements(r.currentlyDue(), r.pastDue(), r.eventuallyDue(), r.disabledReason()),
                    s.commissionBps(), s.accountAsOf());
        }
    }

    record OnboardingLink(String url, Instant expiresAt) {
    }
}
