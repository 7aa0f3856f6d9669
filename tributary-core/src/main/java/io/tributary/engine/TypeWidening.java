package io.tributary.engine;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which DuckDB column types hold which others without loss, for schema evolution.
 * integer types widen to larger integers, to DECIMAL with room for their digits, and to DOUBLE;
 * DECIMAL widens to a DECIMAL with at least as many integer and fraction digits (two exact types
 * meet in the smallest DECIMAL holding both), and only past 38 digits to DOUBLE;
 * FLOAT widens to DOUBLE; DATE widens to TIMESTAMP; every type fits in VARCHAR.
 */
public final class TypeWidening {
    private static final List<String> SIGNED = List.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT");
    private static final List<String> UNSIGNED = List.of("UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT");
    /** Decimal digits needed to hold any value of each integer type, in the order of SIGNED/UNSIGNED. */
    private static final int[] DIGITS = {3, 5, 10, 19, 39};
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

    private TypeWidening() {}

    /** True when every value of {@code from} can be stored in a column of type {@code to} unchanged. */
    public static boolean fits(String from, String to) {
        String a = normal(from);
        String b = normal(to);
        if (a.equals(b) || b.equals("VARCHAR")) {
            return true;
        }
        if (isInteger(a)) {
            if (isInteger(b)) {
                return integerFits(a, b);
            }
            if (b.equals("DOUBLE")) {
                return true;
            }
            Matcher decimal = DECIMAL.matcher(b);
            if (decimal.matches()) {
                int precision = Integer.parseInt(decimal.group(1));
                int scale = Integer.parseInt(decimal.group(2));
                return precision - scale >= digits(a);
            }
            return false;
        }
        Matcher fromDecimal = DECIMAL.matcher(a);
        if (fromDecimal.matches()) {
            if (b.equals("DOUBLE")) {
                return true;
            }
            Matcher toDecimal = DECIMAL.matcher(b);
            if (toDecimal.matches()) {
                int p1 = Integer.parseInt(fromDecimal.group(1));
                int s1 = Integer.parseInt(fromDecimal.group(2));
                int p2 = Integer.parseInt(toDecimal.group(1));
                int s2 = Integer.parseInt(toDecimal.group(2));
                return s2 >= s1 && p2 - s2 >= p1 - s1;
            }
            return false;
        }
        return switch (a) {
            case "FLOAT" -> b.equals("DOUBLE");
            case "DATE" -> b.equals("TIMESTAMP") || b.equals("TIMESTAMP WITH TIME ZONE");
            case "TIMESTAMP_S", "TIMESTAMP_MS" -> b.equals("TIMESTAMP");
            default -> false;
        };
    }

    /**
     * The type a column of type {@code existing} must become to also hold {@code incoming}, or null
     * when no safe widening exists (text to number, say). VARCHAR is only returned when
     * {@code allowVarchar} is set: turning a typed column into text is the user's decision.
     */
    public static String widen(String existing, String incoming, boolean allowVarchar) {
        if (fits(incoming, existing)) {
            return existing;
        }
        if (fits(existing, incoming) && !normal(incoming).equals("VARCHAR")) {
            return incoming;
        }
        String decimal = commonDecimal(normal(existing), normal(incoming));
        if (decimal != null) {
            return decimal;
        }
        if (isNumeric(existing) && isNumeric(incoming)) {
            return "DOUBLE";
        }
        return allowVarchar ? "VARCHAR" : null;
    }

    /**
     * The smallest DECIMAL holding every value of two exact types (integers and decimals), e.g.
     * DECIMAL(5,2) and DECIMAL(5,4) give DECIMAL(7,4); null when none fits DuckDB's 38 digits.
     * Exact values such as money must not silently become DOUBLE and round.
     */
    private static String commonDecimal(String a, String b) {
        int[] first = exactDigits(a);
        int[] second = exactDigits(b);
        if (first == null || second == null || !(DECIMAL.matcher(a).matches() || DECIMAL.matcher(b).matches())) {
            return null;
        }
        int integerDigits = Math.max(first[0], second[0]);
        int scale = Math.max(first[1], second[1]);
        return integerDigits + scale <= 38 ? "DECIMAL(" + (integerDigits + scale) + "," + scale + ")" : null;
    }

    /** Integer digits and fraction digits of an exact type, or null for other types. */
    private static int[] exactDigits(String type) {
        if (isInteger(type)) {
            return new int[] {digits(type), 0};
        }
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) {
            int precision = Integer.parseInt(decimal.group(1));
            int scale = Integer.parseInt(decimal.group(2));
            return new int[] {precision - scale, scale};
        }
        return null;
    }

    private static boolean isNumeric(String type) {
        String t = normal(type);
        return isInteger(t) || t.equals("FLOAT") || t.equals("DOUBLE") || DECIMAL.matcher(t).matches();
    }

    private static boolean isInteger(String type) {
        return SIGNED.contains(type) || UNSIGNED.contains(type);
    }

    private static boolean integerFits(String from, String to) {
        boolean fromSigned = SIGNED.contains(from);
        boolean toSigned = SIGNED.contains(to);
        int fromRank = fromSigned ? SIGNED.indexOf(from) : UNSIGNED.indexOf(from);
        int toRank = toSigned ? SIGNED.indexOf(to) : UNSIGNED.indexOf(to);
        if (fromSigned == toSigned) {
            return fromRank <= toRank;
        }
        // unsigned fits in a strictly larger signed type; signed never fits in unsigned
        return !fromSigned && toRank > fromRank;
    }

    private static int digits(String integerType) {
        int index = SIGNED.indexOf(integerType);
        return DIGITS[index >= 0 ? index : UNSIGNED.indexOf(integerType)];
    }

    static String normal(String type) {
        String upper = type.toUpperCase(Locale.ROOT).strip();
        return switch (upper) {
            case "INT", "INT4", "INT32" -> "INTEGER";
            case "INT8", "INT64", "LONG" -> "BIGINT";
            case "REAL", "FLOAT4" -> "FLOAT";
            case "FLOAT8" -> "DOUBLE";
            case "TEXT", "STRING" -> "VARCHAR";
            case "TIMESTAMPTZ" -> "TIMESTAMP WITH TIME ZONE";
            default -> upper;
        };
    }
}
