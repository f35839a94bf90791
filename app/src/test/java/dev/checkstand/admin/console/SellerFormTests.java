package dev.checkstand.admin.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkstand.payment.gateway.ConnectGateway;
import dev.checkstand.seller.Seller;
import dev.checkstand.seller.SellerAdministration;
import dev.checkstand.seller.SellerId;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seller forms' commission in percent kept as basis points, their refusals, and a seller's state in words. */
class SellerFormTests {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void aCommissionInPercentWithUpToTwoDecimalsIsKeptAsBasisPoints() {
        assertThat(bps("12.5")).isEqualTo(1250);
        assertThat(bps("12.5 %")).isEqualTo(1250);
        assertThat(bps("0")).isZero();
        assertThat(bps("100")).isEqualTo(10_000);
        assertThat(bps("0.01")).isEqualTo(1);
        assertThat(ConsoleSeller.percent(1250)).isEqualTo("12.5");
        assertThat(ConsoleSeller.percent(1500)).isEqualTo("15");
        assertThat(ConsoleSeller.percent(1)).isEqualTo("0.01");
    }

    @Test
    void aCommissionWithThreeDecimalsOutsideZeroToAHundredOrNoNumberIsRefusedWithTheOtherRefusedFields() {
        for (String refused : List.of("12.345", "100.01", "-1", "abc", "", "12,5")) {
            assertThatThrownBy(() -> SellerForm.typed("Ada", "", refused).data(validator))
                    .isInstanceOf(ConsoleInputRefused.class).hasMessageContaining("Commission: a percentage");
        }
        assertThatThrownBy(() -> SellerForm.typed(" ", "not an email", "5").data(validator))
                .hasMessage("Name: must not be blank; Email: must be a well-formed email address");
    }

    @Test
    void anEmptyEmailIsNoneAndTheNameIsTrimmed() {
        SellerAdministration.SellerData data = SellerForm.typed("  Ada's Mugs ", " ", "10").data(validator);

        assertThat(data).isEqualTo(new SellerAdministration.SellerData("Ada's Mugs", null, 1000));
    }

    @Test
    void aSellersStateIsSaidInWords() {
        assertThat(status(null, false, false, "requirements.past_due")).isEqualTo("No Stripe account yet");
        assertThat(status("acct_1", false, false, "requirements.past_due")).isEqualTo("Onboarding not finished");
        assertThat(status("acct_1", true, true, null)).isEqualTo("Can take payments");
        assertThat(status("acct_1", false, true, "rejected.fraud")).isEqualTo("Charges disabled: rejected.fraud");
        assertThat(status("acct_1", false, false, "rejected.other")).isEqualTo("Charges disabled: rejected.other");
    }

    private static int bps(String percent) {
        return SellerForm.typed("Ada", "ada@example.com", percent).data(validator).commissionBps();
    }

    private static String status(String account, boolean charges, boolean submitted, String reason) {
        return new ConsoleSeller(new Seller(SellerId.of(UUID.randomUUID()), "Ada", null, 1000, account, charges,
                charges, submitted, new ConnectGateway.Requirements(List.of(), List.of(), List.of(), reason),
                Instant.EPOCH, Instant.EPOCH)).status();
    }
}
