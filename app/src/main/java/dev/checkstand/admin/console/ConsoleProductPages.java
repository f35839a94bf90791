package dev.checkstand.admin.console;

import dev.checkstand.catalog.CatalogAdministration;
import dev.checkstand.common.Currencies;
import dev.checkstand.common.Money;
import dev.checkstand.common.NotFound;
import dev.checkstand.common.Problem;
import dev.checkstand.common.ProductId;
import dev.checkstand.inventory.Inventory;
import dev.checkstand.seller.Seller;
import dev.checkstand.seller.SellerAdministration;
import dev.checkstand.seller.SellerId;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
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

/**
 * The console's products and stock: the catalog with its stock levels and sellers; create, edit (the Printful variant
 * and the seller included), withdraw (soft delete), and set what is on hand — refused below what open orders hold.
 * Prices are typed in the currency's units and kept in minor units.
 */
@Controller
class ConsoleProductPages {

    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern VARIANT = Pattern.compile("[A-Za-z0-9._-]{0,64}");
    private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");
    private static final ConsoleFormat FORMAT = new ConsoleFormat();

    private final CatalogAdministration catalog;
    private final Inventory inventory;
    private final SellerAdministration sellers;

    ConsoleProductPages(CatalogAdministration catalog, Inventory inventory, SellerAdministration sellers) {
        this.catalog = catalog;
        this.inventory = inventory;
        this.sellers = sellers;
    }

    @GetMapping("/admin/products")
    String list(Model model) {
        model.addAttribute("fmt", FORMAT);
        model.addAttribute("products", catalog.all());
        addSellers(model);
        return "admin/products";
    }

    @GetMapping("/admin/products/{id}")
    String edit(@PathVariable String id, Model model) {
        CatalogAdministration.Stocked stocked = catalog.get(productId(id));
        model.addAttribute("fmt", FORMAT);
        model.addAttribute("p", stocked.product());
        model.addAttribute("stock", stocked.stock());
        model.addAttribute("price", BigDecimal.valueOf(stocked.product().unitPrice().amount(),
                Currencies.minorDigits(stocked.product().unitPrice().currency())).toPlainString());
        addSellers(model);
        return "admin/product";
    }

    @PostMapping("/admin/products")
    String create(@RequestParam(required = false) String sku, @RequestParam(required = false) String name,
            @RequestParam(required = false) String description, @RequestParam(required = false) String price,
            @RequestParam(required = false) String currency, @RequestParam(required = false) String printfulVariantId,
            @RequestParam(required = false) String onHand, @RequestParam(required = false) String sellerId,
            RedirectAttributes result) {
        try {
            CatalogAdministration.Stocked created = catalog.create(data(sku, name, description, price, currency,
                    printfulVariantId, true, seller(sellerId)), whole(onHand, "On hand"));
            result.addFlashAttribute("done", "Created " + created.product().sku() + ".");
            return "redirect:/admin/products/" + created.product().id().value();
        } catch (Problem problem) {
            result.addFlashAttribute("problem", problem.title() + ": " + problem.getMessage());
            return "redirect:/admin/products";
        }
    }

    @PostMapping("/admin/products/{id}")
    String update(@PathVariable String id, @RequestParam(required = false) String sku,
            @RequestParam(required = false) String name, @RequestParam(required = false) String description,
            @RequestParam(required = false) String price, @RequestParam(required = false) String currency,
            @RequestParam(required = false) String printfulVariantId, @RequestParam(required = false) String active,
            @RequestParam(required = false) String sellerId, RedirectAttributes result) {
        ProductId product = productId(id);
        try {
            // A form without the seller field keeps the product's seller; its empty choice is the shop itself.
            SellerId seller = sellerId == null ? catalog.get(product).product().sellerId() : seller(sellerId);
            catalog.update(product, data(sku, name, description, price, currency, printfulVariantId, active != null,
                    seller));
            result.addFlashAttribute("done", "Saved.");
        } catch (NotFound missing) {
            throw missing;
        } catch (Problem problem) {
            result.addFlashAttribute("problem", problem.title() + ": " + problem.getMessage());
        }
        return "redirect:/admin/products/" + product.value();
    }

    @PostMapping("/admin/products/{id}/stock")
    String stock(@PathVariable String id, @RequestParam(required = false) String onHand, RedirectAttributes result) {
        ProductId product = productId(id);
        try {
            catalog.get(product);
            Inventory.Level level = inventory.setOnHand(product, whole(onHand, "On hand"));
            result.addFlashAttribute("done", "On hand is now " + level.onHand() + " (" + level.available()
                    + " available).");
        } catch (NotFound missing) {
            throw missing;
        } catch (Problem problem) {
            result.addFlashAttribute("problem", problem.title() + ": " + problem.getMessage());
        }
        return "redirect:/admin/products/" + product.value();
    }

    @PostMapping("/admin/products/{id}/delete")
    String delete(@PathVariable String id, RedirectAttributes result) {
        ProductId product = productId(id);
        catalog.delete(product);
        result.addFlashAttribute("done", "The product is withdrawn from sale; orders that sold it keep it.");
        return "redirect:/admin/products";
    }

    @ExceptionHandler(NotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(NotFound missing, Model model) {
        model.addAttribute("detail", missing.getMessage());
        return "admin/not-found";
    }

    // The sellers a product can be assigned to, by name, and each seller's name by id for the product list.
    private void addSellers(Model model) {
        List<Seller> all = sellers.all();
        model.addAttribute("sellers", all);
        model.addAttribute("sellerNames", all.stream().collect(Collectors.toMap(Seller::id, Seller::name)));
    }

    // The form's seller: empty for the shop itself; an id that is no seller's is refused by the catalog.
    private static SellerId seller(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return SellerId.of(UUID.fromString(text.trim()));
        } catch (IllegalArgumentException e) {
            throw new ConsoleInputRefused("Seller: the shop itself or one of the sellers");
        }
    }

    private static CatalogAdministration.ProductData data(String sku, String name, String description, String price,
            String currency, String variant, boolean active, SellerId seller) {
        String code = currency == null ? "" : currency.trim().toLowerCase(java.util.Locale.ROOT);
        if (sku == null || !SKU.matcher(sku.trim()).matches()) {
            throw new ConsoleInputRefused("SKU: 1 to 64 letters, digits, dots, dashes or underscores");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new ConsoleInputRefused("Name: required, at most 200 characters");
        }
        if (description != null && description.length() > 2000) {
            throw new ConsoleInputRefused("Description: at most 2000 characters");
        }
        if (!CURRENCY.matcher(code).matches()) {
            throw new ConsoleInputRefused("Currency: a three-letter ISO 4217 code, e.g. gbp");
        }
        String variantId = variant == null ? "" : variant.trim();
        if (!VARIANT.matcher(variantId).matches()) {
            throw new ConsoleInputRefused("Printful variant: the sync variant id (digits) or its external id");
        }
        return new CatalogAdministration.ProductData(sku.trim(), name.trim(), description,
                Money.of(minorUnits(price, code), code), active, variantId.isEmpty() ? null : variantId, seller);
    }

    private static long minorUnits(String price, String currency) {
        try {
            long minor = new BigDecimal(price == null ? "" : price.trim())
                    .movePointRight(Currencies.minorDigits(currency)).longValueExact();
            if (minor < 1 || minor > 99_999_999) {
                throw new ConsoleInputRefused("Price: more than zero and at most 999,999.99");
            }
            return minor;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConsoleInputRefused("Price: an amount in " + currency.toUpperCase() + " with at most "
                    + Currencies.minorDigits(currency) + " decimals, e.g. 12.50");
        }
    }

    private static int whole(String text, String field) {
        try {
            int value = Integer.parseInt(text == null ? "" : text.trim());
            if (value < 0 || value > 1_000_000) {
                throw new ConsoleInputRefused(field + ": from 0 to 1,000,000");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConsoleInputRefused(field + ": a whole number");
        }
    }

    private static ProductId productId(String text) {
        try {
            return ProductId.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new NotFound("product_not_found", "No product " + text);
        }
    }
}
