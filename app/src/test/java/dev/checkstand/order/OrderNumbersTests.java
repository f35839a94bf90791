package dev.checkstand.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderNumbersTests {

    @Test
    void consecutiveSequencesGiveDistinctWellFormedNumbers() {
        Set<String> seen = new HashSet<>();
        for (long sequence = 1; sequence <= 200_000; sequence++) {
            String number = OrderNumbers.format(sequence);
            assertThat(number).matches("CS-[0-9A-HJKMNP-TV-Z]{7}");
            assertThat(seen.add(number)).as("number %s for sequence %d is new", number, sequence).isTrue();
        }
    }

    @Test
    void consecutiveNumbersDoNotLookConsecutive() {
        assertThat(OrderNumbers.format(1).substring(3, 7)).isNotEqualTo(OrderNumbers.format(2).substring(3, 7));
    }
}
