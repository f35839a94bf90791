package dev.checkstand.admin.console;

import dev.checkstand.seller.Seller;
import dev.checkstand.seller.SellerAdministration;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A seller form as the admin typed it: name and email checked by the JSON API's own constraints, the commission a
 * percentage with at most two decimals ("12.5"), kept as basis points. Shown again as typed when refused.
 */
public record SellerForm(@NotBlank @Size(max = 200) String name, @Email @Size(max = 254) String email,
        String commission) {

    private static final Map<String, String> LABELS = Map.of("name", "Name", "email", "Email");
    private static final List<String> ORDER = List.of("name", "email");

    static SellerForm empty() {
        return new SellerForm("", "", "");
    }

    static SellerForm of(Seller seller) {
        return new SellerForm(seller.name(), seller.email() == null ? "" : seller.email(),
                ConsoleSeller.percent(seller.commissionBps()));
    }

    static SellerForm typed(String name, String email, String commission) {
        return new SellerForm(name == null ? "" : name, email == null ? "" : email.trim(),
                commission == null ? "" : commission.trim());
    }

    /** What the admin sets, or {@link ConsoleInputRefused} naming every field that cannot be used as typed. */
    SellerAdministration.SellerData data(Validator validator) {
        List<String> refused = new ArrayList<>(validator.validate(this).stream()
                .sorted(Comparator.comparing((ConstraintViolation<SellerForm> v) ->
                        ORDER.indexOf(v.getPropertyPath().toString())).thenComparing(ConstraintViolation::getMessage))
                .map(v -> LABELS.get(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .toList());
        Integer bps = commissionBps();
        if (bps == null) {
            refused.add("Commission: a percentage from 0 to 100 with at most two decimals, e.g. 12.5");
        }
        if (!refused.isEmpty()) {
            throw new ConsoleInputRefused(String.join("; ", refused));
        }
        return new SellerAdministration.SellerData(name.trim(), email.isBlank() ? null : email.trim(), bps);
    }

    // "12.5" (or "12.5 %") is 1250 basis points; more than two decimals, or outside 0 to 100, is none.
    private Integer commissionBps() {
        String text = commission.endsWith("%") ? commission.substring(0, commission.length() - 1).trim() : commission;
        try {
            int bps = new BigDecimal(text).movePointRight(2).intValueExact();
            return bps >= 0 && bps <= 10_000 ? bps : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
