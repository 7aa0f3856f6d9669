package io.tributary.cli.output;

import java.util.Locale;

/** Human formats for counts, sizes and durations. */
public final class Format {
    private Format() {}

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 1 row}, {@code 2 rows}. */
    public static String rows(long n) {
        return count(n) + (n == 1 ? " row" : " rows");
    }

    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    }

    public static String millis(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%d min %d s", ms / 60_000, (ms % 60_000) / 1000);
    }

    public static String rate(long rows, long ms) {
        if (ms <= 0) {
            return "";
        }
        return count(Math.round(rows * 1000.0 / ms)) + " rows/s";
    }
}
