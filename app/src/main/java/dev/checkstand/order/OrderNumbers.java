package dev.checkstand.order;

/**
 * Short, unique, human-readable order numbers ({@code CS-7Q4K2MX}). A database sequence guarantees uniqueness across
 * instances ({@link Orders#nextNumber()}); an affine permutation of the 35-bit space, keyed by random bits drawn once
 * per database, keeps consecutive orders from having consecutive numbers and installations from sharing a sequence.
 */
final class OrderNumbers {

    static final long SPACE = 1L << (5 * 7);

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int LENGTH = 7;

    private final long multiplier;
    private final long addend;

    /** The permutation {@code sequence * multiplier + addend mod 2^35}; a bijection because the multiplier is odd. */
    OrderNumbers(long multiplier, long addend) {
        if (multiplier <= 0 || multiplier >= SPACE || multiplier % 2 == 0) {
            throw new IllegalArgumentException("the multiplier must be odd and below 2^35, was " + multiplier);
        }
        if (addend < 0 || addend >= SPACE) {
            throw new IllegalArgumentException("the addend must be in [0, 2^35), was " + addend);
        }
        this.multiplier = multiplier;
        this.addend = addend;
    }

    /** The number of a sequence value: {@code CS-} and seven characters of Crockford's base 32. */
    String format(long sequence) {
        long permuted = (sequence * multiplier + addend) & (SPACE - 1);
        char[] chars = new char[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            chars[i] = ALPHABET[(int) (permuted & 31)];
            permuted >>>= 5;
        }
        return "CS-" + new String(chars);
    }
}
