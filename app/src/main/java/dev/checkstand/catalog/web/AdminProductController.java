package dev.checkstand.catalog.web;

import dev.checkstand.catalog.CatalogAdministration;
import dev.checkstand.common.InvalidRequest;
import dev.checkstand.common.Money;
import dev.checkstand.common.ProductId;
import dev.checkstand.inventory.Inventory;
import dev.checkstand.seller.SellerId;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Catalog and stock management for admins. */
@RestController
class AdminProductController {

    private final CatalogAdministration catalog;
    private final Inventory inventory;

    AdminProductController(CatalogAdministration catalog, Inventory inventory) {
        this.catalog = catalog;
        this.inventory = inventory;
    }

    @GetMapping("/api/admin/products")
    List<AdminProduct> all() {
        return catalog.all().stream().map(AdminProduct::of).toList();
    }

    @ApiResponse(responseCode = "200", description = "The product, with its stock", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "product_not_found")
    @GetMapping("/api/admin/products/{id}")
    AdminProduct get(@PathVariable UUID id) {
        return AdminProduct.of(catalog.get(ProductId.of(id)));
    }

    @ApiResponse(responseCode = "201", description = "The product, with its stock", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", description = "sku_taken: another product has this SKU")
    @PostMapping("/api/admin/products")
    ResponseEntity<AdminProduct> create(@Valid @RequestBody ProductBody body) {
        if (body.onHand() == null) {
            throw InvalidRequest.of("onHand", "must not be null");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(AdminProduct.of(catalog.create(body.data(), body.onHand())));
    }

    @ApiResponse(responseCode = "200", description = "The product as changed", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "product_not_found")
    @ApiResponse(responseCode = "409", description = "sku_taken: another product has this SKU")
    @PutMapping("/api/admin/products/{id}")
    AdminProduct update(@PathVariable UUID id, @Valid @RequestBody ProductBody body) {
        return AdminProduct.of(catalog.update(ProductId.of(id), body.data()));
    }

    @ApiResponse(responseCode = "204", description = "Withdrawn (a soft delete: orders keep their snapshot)")
    @ApiResponse(responseCode = "404", description = "product_not_found")
    @DeleteMapping("/api/admin/products/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        catalog.delete(ProductId.of(id));
        return ResponseEntity.noContent().build();
    }

    @ApiResponse(responseCode = "200", description = "The stock as set", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "product_not_found")
    @ApiResponse(responseCode = "409", description = "stock_below_reserved: open orders hold more than that")
    @PutMapping("/api/admin/products/{id}/stock")
    StockLevel stock(@PathVariable UUID id, @Valid @RequestBody StockBody body) {
        catalog.get(ProductId.of(id));
        Inventory.Level level = inventory.setOnHand(ProductId.of(id), body.onHand());
        return new StockLevel(level.onHand(), level.reserved(), level.available());
    }

    record ProductBody(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String sku,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description,
            @NotNull @Min(1) @Max(99_999_999) Long unitAmount,
            @NotNull @Pattern(regexp = "[a-z]{3}", message = "must be a lower-case ISO 4217 code") String currency,
            Boolean active,
            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]*",
                    message = "must be a Printful sync variant id (digits) or its external id") String printfulVariantId,
            @Min(0) @Max(1_000_000) Integer onHand,
            UUID sellerId) {

        CatalogAdministration.ProductData data() {
            return new CatalogAdministration.ProductData(sku, name, description, Money.of(unitAmount, currency),
                    active == null || active,
                    printfulVariantId == null || printfulVariantId.isEmpty() ? null : printfulVariantId,
                    sellerId == null ? null : SellerId.of(sellerId));
        }
    }

    record StockBody(@NotNull @Min(0) @Max(1_000_000) Integer onHand) {
    }

    record StockLevel(int onHand, int reserved, int available) {
    }

    record AdminProduct(UUID id, String sku, String name, String description, long unitAmount, String currency,
            boolean active, String printfulVariantId, int onHand, int reserved, int available, UUID sellerId) {

        static AdminProduct of(CatalogAdministration.Stocked s) {
            var p = s.product();
            return new AdminProduct(p.id().value(), p.sku(), p.name(), p.description(), p.unitPrice().amount(),
                    p.unitPrice().currency(), p.active(), p.printfulVariantId(), s.stock().onHand(), s.stock().reserved(),
                    s.stock().available(), p.sellerId() == null ? null : p.sellerId().value());
        }
    }
}
