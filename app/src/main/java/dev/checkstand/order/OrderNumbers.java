package dev.checkstand.order;


/**
 * Short, unique, human-readable order numbers ({@code CS-7Q4K2MX}). A database sequence guarantees uniqueness across
 * instances ({@link Orders#nextNumber()}); an affine permutation of the 35-bit space keeps consecutive orders from having guessable numbers.
 */
final class OrderNumbers {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int LENGTH = 7;
    private static final long SPACE = 1L << (5 * LENGTH);
    private static final long MULTIPLIER = 0x5DEECE66DL | 1;
    private static final long OFFSET = 0x2545F491L;

    private OrderNumbers() {
    }

    static String format(long sequence) {
        long permuted = (sequence * MULTIPLIER + OFFSET) & (SPACE - 1);
        char[] chars = new char[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            chars[i] = ALPHABET[(int) (permuted & 31)];
            permuted >>>= 5;
        }
        return "CS-" + new String(chars);
    }
}
