package io.tributary.quality;

/**
 * How many bad rows are tolerated (rejected rows per run, failing rows per check): a count
 * ({@code 100}) or a fraction of rows read ({@code 0.01} or {@code "1%"}).
 */
public record Tolerance(long count, double fraction, boolean isFraction) {
    public static final Tolerance DEFAULT = fraction(0.01);

    public static Tolerance count(long count) {
        return new Tolerance(count, 0, false);
    }

    public static Tolerance fraction(double fraction) {
        return new Tolerance(0, fraction, true);
    }

    public boolean exceededBy(long rejected, long read) {
        if (!isFraction) {
            return rejected > count;
        }
        return read > 0 && (double) rejected / read > fraction;
    }

    @Override
    public String toString() {
        return isFraction ? trim(fraction * 100) + "% of rows read" : count == 1 ? "1 row" : count + " rows";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
