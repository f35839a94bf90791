package dev.checkstand.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code OrderPaid} is stored in the event publication registry as JSON and read back when a listener is run again,
 * possibly by a newer version of the service: one stored before {@code authorizedOnly} existed still reads, as money
 * taken.
 */
class OrderPaidSerializationTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aPublicationStoredBeforeAuthorizedOnlyExistedReadsAsMoneyTaken() {
        OrderPaid paid = new OrderPaid(OrderId.of(UUID.randomUUID()), Money.of(2999, "gbp"), true);
        ObjectNode stored = (ObjectNode) json.valueToTree(paid);
        stored.remove("authorizedOnly");

        OrderPaid read = json.treeToValue(stored, OrderPaid.class);

        assertThat(read.orderId()).isEqualTo(paid.orderId());
        assertThat(read.amount()).isEqualTo(paid.amount());
        assertThat(read.authorizedOnly()).isFalse();
        assertThat(json.readValue(json.writeValueAsString(paid), OrderPaid.class).authorizedOnly()).isTrue();
    }
}
