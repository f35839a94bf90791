package dev.checkstand.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OrderNumbersTests {

    static final OrderNumbers SOME_KEY = new OrderNumbers(0x5DEECE66DL | 1, 0x2545F491L);

    @Test
    void everyKeyGivesDistinctWellFormedNumbersForConsecutiveSequences() {
        for (OrderNumbers numbers : keys()) {
            Set<String> seen = new HashSet<>();
            for (long sequence = 1; sequence <= 100_000; sequence++) {
                String number = numbers.format(sequence);
                assertThat(number).matches("CS-[0-9A-HJKMNP-TV-Z]{7}");
                assertThat(seen.add(number)).as("number %s for sequence %d is new", number, sequence).isTrue();
            }
        }
    }

    @Test
    void everyKeyGivesDistinctNumbersForScatteredSequences() {
        Random random = new Random(13);
        long[] sequences = LongStream.generate(() -> 1 + (random.nextLong() & (OrderNumbers.SPACE - 2)))
                .distinct().limit(50_000).toArray();
        for (OrderNumbers numbers : keys()) {
            Set<String> seen = new HashSet<>();
            for (long sequence : sequences) {
                assertThat(seen.add(numbers.format(sequence))).as("number for sequence %d is new", sequence).isTrue();
            }
        }
    }

    @Test
    void differentKeysGiveDifferentSequencesOfNumbers() {
        List<OrderNumbers> keys = keys();
        Set<List<String>> firstNumbers = new HashSet<>();
        for (OrderNumbers numbers : keys) {
            firstNumbers.add(LongStream.rangeClosed(1, 5).mapToObj(numbers::format).toList());
        }

        assertThat(firstNumbers).hasSize(keys.size());
        assertThat(new OrderNumbers(3, 0).format(1)).isNotEqualTo(new OrderNumbers(5, 0).format(1));
        assertThat(new OrderNumbers(3, 0).format(1)).isNotEqualTo(new OrderNumbers(3, 1).format(1));
    }

    @Test
    void consecutiveNumbersDoNotLookConsecutive() {
        assertThat(SOME_KEY.format(1).substring(3, 7)).isNotEqualTo(SOME_KEY.format(2).substring(3, 7));
    }

    @Test
    void keyWithAnEvenOrOutOfRangeMultiplierOrAddendIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderNumbers(2, 0)).withMessageContaining("odd");
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderNumbers(0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderNumbers(OrderNumbers.SPACE + 1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderNumbers(3, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderNumbers(3, OrderNumbers.SPACE));
    }

    // The extremes of the key space and a few drawn like the migration draws them: odd multiplier, any addend.
    private static List<OrderNumbers> keys() {
        List<OrderNumbers> keys = new ArrayList<>(List.of(SOME_KEY, new OrderNumbers(1, 0),
                new OrderNumbers(OrderNumbers.SPACE - 1, OrderNumbers.SPACE - 1)));
        Random random = new Random(42);
        for (int i = 0; i < 4; i++) {
            keys.add(new OrderNumbers((random.nextLong() & (OrderNumbers.SPACE - 1)) | 1,
                    random.nextLong() & (OrderNumbers.SPACE - 1)));
        }
        return keys;
    }
}
