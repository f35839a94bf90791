package dev.checkstand.catalog.web;

import dev.checkstand.catalog.Catalog;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The storefront's product list. */
@RestController
class ProductController {

    private final Catalog catalog;

    ProductController(Catalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/products")
    List<ProductView> products() {
        return catalog.listings().stream()
                .map(l -> new ProductView(l.product().id().value(), l.product().sku(), l.product().name(),
                        l.product().description(), l.product().unitPrice().amount(), l.product().unitPrice().currency(),
                        l.available()))
                .toList();
    }

    record ProductView(UUID id, String sku, String name, String description, long unitAmount, String currency,
            int available) {
    }
}
