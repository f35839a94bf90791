package dev.checkstand.catalog;

import dev.checkstand.common.Money;
import dev.checkstand.common.ProductId;
import dev.checkstand.seller.SellerId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The products table. */
@Repository
class Products {

    private static final String COLUMNS =
            "id, sku, name, description, unit_amount, currency, active, printful_variant_id, seller_id";

    private final JdbcClient jdbc;

    Products(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Product> active() {
        return jdbc.sql("select " + COLUMNS + " from products where active and deleted_at is null order by name, sku")
                .query(Products::map)
                .list();
    }

    List<Product> byIds(Collection<ProductId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from products where id in (:ids)")
                .param("ids", ids.stream().map(ProductId::value).toList())
                .query(Products::map)
                .list();
    }

    List<Product> all() {
        return jdbc.sql("select " + COLUMNS + " from products where deleted_at is null order by name, sku")
                .query(Products::map)
                .list();
    }

    java.util.Optional<Product> byId(ProductId id) {
        return jdbc.sql("select " + COLUMNS + " from products where id = :id and deleted_at is null")
                .param("id", id.value())
                .query(Products::map)
                .optional();
    }

    boolean update(Product product, Instant now) {
        return jdbc.sql("""
                update products set sku = :sku, name = :name, description = :description, unit_amount = :unitAmount,
                                    currency = :currency, active = :active, printful_variant_id = :printfulVariantId,
                                    seller_id = :seller, updated_at = :now, version = version + 1
                 where id = :id and deleted_at is null""")
                .param("id", product.id().value())
                .param("sku", product.sku())
                .param("name", product.name())
                .param("description", product.description())
                .param("unitAmount", product.unitPrice().amount())
                .param("currency", product.unitPrice().currency())
                .param("active", product.active())
                .param("printfulVariantId", product.printfulVariantId())
                .param("seller", product.sellerId() == null ? null : product.sellerId().value())
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    boolean softDelete(ProductId id, Instant now) {
        return jdbc.sql("""
                update products set active = false, deleted_at = :now, updated_at = :now, version = version + 1
                 where id = :id and deleted_at is null""")
                .param("id", id.value())
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    long count() {
        return jdbc.sql("select count(*) from products").query(Long.class).single();
    }

    void insert(Product product, Instant now) {
        jdbc.sql("""
                insert into products (id, sku, name, description, unit_amount, currency, active, printful_variant_id,
                                      seller_id, created_at, updated_at)
                values (:id, :sku, :name, :description, :unitAmount, :currency, :active, :printfulVariantId, :seller,
                        :now, :now)""")
                .param("id", product.id().value())
                .param("sku", product.sku())
                .param("name", product.name())
                .param("description", product.description())
                .param("unitAmount", product.unitPrice().amount())
                .param("currency", product.unitPrice().currency())
                .param("active", product.active())
                .param("printfulVariantId", product.printfulVariantId())
                .param("seller", product.sellerId() == null ? null : product.sellerId().value())
                .param("now", Timestamp.from(now))
                .update();
    }

    private static Product map(ResultSet rs, int row) throws SQLException {
        return new Product(ProductId.of(rs.getObject("id", UUID.class)), rs.getString("sku"), rs.getString("name"),
                rs.getString("description"), Money.of(rs.getLong("unit_amount"), rs.getString("currency")),
                rs.getBoolean("active"), rs.getString("printful_variant_id"),
                rs.getObject("seller_id") == null ? null : SellerId.of(rs.getObject("seller_id", UUID.class)));
    }
}
