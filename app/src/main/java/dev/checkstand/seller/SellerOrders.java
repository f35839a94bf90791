package dev.checkstand.seller;

import dev.checkstand.common.OrderId;
import dev.checkstand.payment.gateway.ConnectGateway;
import dev.checkstand.platform.TransactionBound;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;

/** The seller_orders table: each seller's order, the fee the platform keeps of it, and its transfer as Stripe says. */
@Repository
class SellerOrders {

    private final JdbcClient jdbc;

    SellerOrders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OrderId orderId, Seller seller, long applicationFee, Instant now) {
        jdbc.sql("""
                insert into seller_orders (order_id, seller_id, stripe_account_id, commission_bps,
                                           application_fee_amount, created_at)
                values (:order, :seller, :account, :bps, :fee, :now)""")
                .param("order", orderId.value())
                .param("seller", seller.id().value())
                .param("account", seller.stripeAccountId())
                .param("bps", seller.commissionBps())
                .param("fee", applicationFee)
                .param("now", Timestamp.from(now))
                .update();
        Asked asked = TransactionBound.existing(Asked.class);
        if (asked != null) {
            asked.anySellerOrder = true;
        }
    }

    void recordTransfer(OrderId orderId, ConnectGateway.TransferSnapshot transfer, Instant now) {
        jdbc.sql("""
                update seller_orders set transfer_id = :id, transfer_amount = :amount, transfer_reversed = :reversed,
                                         fee_refunded = :feeRefunded, transfer_read_at = :now
                 where order_id = :order""")
                .param("order", orderId.value())
                .param("id", transfer.id())
                .param("amount", transfer.amount())
                .param("reversed", transfer.amountReversed())
                .param("feeRefunded", transfer.applicationFeeRefunded())
                .param("now", Timestamp.from(now))
                .update();
    }

    /**
     * Whether the order is a seller's. Public for the condition of {@link SellerTransfers}' {@code OrderPaid} listener
     * (SpEL calls only public methods), asked for every order paid.
     * <p>
     * A shop with no seller order at all (most shops) is found so once per transaction: a transaction that pays a batch
     * of orders asks the table once, not once per order. That holds for the whole transaction because an order's seller
     * row is written in the transaction that places it ({@link Marketplace#recordOrder}), so every order this
     * transaction can pay was committed with its row before the first question's snapshot — except one placed in this
     * transaction, whose row's insert sets the answer.
     */
    public boolean isSellerOrder(OrderId orderId) {
        Asked asked = TransactionBound.get(Asked.class, Asked::new);
        if (asked != null) {
            if (asked.anySellerOrder == null) {
                asked.anySellerOrder = jdbc.sql("select exists (select 1 from seller_orders)").query(Boolean.class)
                        .single();
            }
            if (!asked.anySellerOrder) {
                return false;
            }
        }
        return jdbc.sql("select exists (select 1 from seller_orders where order_id = :order)")
                .param("order", orderId.value())
                .query(Boolean.class)
                .single();
    }

    /** Whether the transaction found any seller order at all; null until it has asked. */
    private static final class Asked implements TransactionSynchronization {

        private Boolean anySellerOrder;
    }

    Optional<SellerShare> of(OrderId orderId) {
        return jdbc.sql("""
                select so.seller_id, s.name, so.stripe_account_id, so.commission_bps, so.application_fee_amount,
                       so.transfer_id, so.transfer_amount, so.transfer_reversed, so.fee_refunded, so.transfer_read_at
                  from seller_orders so join sellers s on s.id = so.seller_id
                 where so.order_id = :order""")
                .param("order", orderId.value())
                .query((rs, row) -> {
                    Timestamp readAt = rs.getTimestamp("transfer_read_at");
                    return new SellerShare(SellerId.of(rs.getObject("seller_id", UUID.class)), rs.getString("name"),
                            rs.getString("stripe_account_id"), rs.getInt("commission_bps"),
                            rs.getLong("application_fee_amount"), rs.getString("transfer_id"),
                            (Long) rs.getObject("transfer_amount"), (Long) rs.getObject("transfer_reversed"),
                            (Long) rs.getObject("fee_refunded"), readAt == null ? null : readAt.toInstant());
                })
                .optional();
    }
}
