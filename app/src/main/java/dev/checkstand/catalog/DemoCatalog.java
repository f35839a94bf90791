package dev.checkstand.catalog;

import dev.checkstand.common.Money;
import dev.checkstand.common.ProductId;
import dev.checkstand.inventory.Inventory;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Seeds a handful of demo products with stock, only when the catalog is empty (and once across instances). */
@Component
@ConditionalOnProperty(name = "checkstand.demo-catalog", havingValue = "true", matchIfMissing = true)
class DemoCatalog implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);
    private static final long SEED_LOCK = 0x636b7374_64656d6fL;

    private final Products products;
    private final Inventory inventory;
    private final JdbcClient jdbc;
    private final Clock clock;

    DemoCatalog(Products products, Inventory inventory, JdbcClient jdbc, Clock clock) {
        this.products = products;
        this.inventory = inventory;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        // Several instances may start together; the transaction-scoped advisory lock lets exactly one of them seed.
        jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", SEED_LOCK).query().singleRow();
        if (products.count() > 0) {
            return;
        }
        // Each product maps to a sync variant of the demo Printful store (the built-in simulator holds these ids).
        List<Seed> seeds = List.of(
                new Seed("MUG-CLASSIC", "Classic mug", "White ceramic mug, 330 ml.", 1250, 120, "300100001"),
                new Seed("TEE-ORGANIC-M", "Organic T-shirt (M)", "Heavyweight organic cotton, medium.", 2200, 60,
                        "300100002"),
                new Seed("POSTER-A2", "Poster A2", "Matte art print, 420 x 594 mm.", 1800, 40, "300100003"),
                new Seed("TOTE-CANVAS", "Canvas tote", "Natural canvas tote bag.", 1500, 80, "300100004"),
                new Seed("STICKER-PACK", "Sticker pack", "Five vinyl stickers.", 450, 500, "300100005"),
                new Seed("HOODIE-LTD", "Limited hoodie", "Numbered run of ten.", 5500, 10, "300100006"));
        for (Seed seed : seeds) {
            Product product = new Product(ProductId.of(UUID.randomUUID()), seed.sku, seed.name, seed.description,
                    Money.of(seed.unitAmount, "gbp"), true, seed.printfulVariantId, null);
            products.insert(product, clock.instant());
            inventory.track(product.id(), seed.onHand);
        }
        log.info("Seeded the demo catalog with {} products", seeds.size());
    }

    private record Seed(String sku, String name, String description, long unitAmount, int onHand,
            String printfulVariantId) {
    }
}
