package io.tributary.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which DuckDB column types hold which others without loss, for schema evolution. Integer types widen
 * to larger integers and to DECIMAL with room for their digits; DECIMAL widens to a DECIMAL with at
 * least as many integer and fraction digits (two exact types meet in the smallest DECIMAL holding
 * both); FLOAT widens to DOUBLE; DATE widens to TIMESTAMP; every type fits in VARCHAR.
 *
 * <p>An exact column (integer or DECIMAL) becomes DOUBLE only with {@code widen_to_double}: DOUBLE
 * keeps about 15 significant digits, so 9007199254740993 would become 9007199254740992 and money
 * would round. Without it, DOUBLE values arriving in an exact column widen it to a DECIMAL holding
 * both when every one of them is an exact decimal (see {@link IncomingDecimal}), else the run stops.
 * A column that already is DOUBLE (or FLOAT) stays approximate and takes any number.
 */
public final class TypeWidening {
    private static final List<String> SIGNED = List.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT");
    private static final List<String> UNSIGNED = List.of("UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT");
    /** Decimal digits needed to hold any value of each integer type, in the order of SIGNED/UNSIGNED. */
    private static final int[] DIGITS = {3, 5, 10, 19, 39};
    /** Significant decimal digits every DOUBLE holds exactly. */
    private static final int DOUBLE_DIGITS = 15;
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

    private TypeWidening() {}

    /**
     * The smallest DECIMAL holding every incoming value of an approximate (DOUBLE, FLOAT) column
     * exactly, each by its shortest decimal form, or null when some value has none within 38 digits
     * (NaN, 1e300). Asked only when such values arrive in an exact column, since it reads the data.
     */
    @FunctionalInterface
    public interface IncomingDecimal {
        IncomingDecimal NONE = () -> null;

        String type() throws SQLException;
    }

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
                return digits(a) <= DOUBLE_DIGITS;
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

    /** {@link #widen(String, String, SchemaPolicy, IncomingDecimal)} on the types alone. */
    public static String widen(String existing, String incoming, SchemaPolicy policy) {
        try {
            return widen(existing, incoming, policy, IncomingDecimal.NONE);
        } catch (SQLException e) {
            throw new IllegalStateException("IncomingDecimal.NONE reads nothing", e);
        }
    }

    /**
     * The type a column of type {@code existing} must become to also hold {@code incoming}, or null
     * when no safe widening exists (text to number, say, or an exact column to DOUBLE). VARCHAR and
     * DOUBLE are only returned when the policy allows them: turning a typed column into text, or an
     * exact one into a rounding one, is the user's decision.
     */
    public static String widen(String existing, String incoming, SchemaPolicy policy, IncomingDecimal values) throws SQLException {
        String a = normal(existing);
        String b = normal(incoming);
        if (fits(b, a)) {
            return existing;
        }
        if (isApproximate(a) && isNumeric(b)) {
            return a.equals("DOUBLE") ? existing : "DOUBLE";
        }
        if (isExact(a) && isNumeric(b)) {
            String decimal = isExact(b) ? (fits(a, b) ? incoming : commonDecimal(a, b)) : heldByDecimal(a, values.type());
            if (decimal != null) {
                return decimal;
            }
            return policy.widenToDouble() ? "DOUBLE" : policy.widenToVarchar() ? "VARCHAR" : null;
        }
        if (fits(a, b) && !b.equals("VARCHAR")) {
            return incoming;
        }
        return policy.widenToVarchar() ? "VARCHAR" : null;
    }

    /** The DECIMAL an exact column {@code existing} becomes to hold values that fit {@code decimal}; null for none. */
    private static String heldByDecimal(String existing, String decimal) {
        if (decimal == null) {
            return null;
        }
        String held = normal(decimal);
        return fits(held, existing) ? existing : fits(existing, held) ? held : commonDecimal(existing, held);
    }

    /** True when an incoming approximate column widened to {@code widened} must have its values converted by their decimal form. */
    public static boolean needsDecimalForm(String incoming, String widened) {
        return isApproximate(normal(incoming)) && DECIMAL.matcher(normal(widened)).matches();
    }

    /**
     * Why a column of table {@code table} cannot take {@code incoming}, and the ways out: the message
     * of the warehouse and of every destination database alike.
     */
    public static String refusal(String table, String column, String current, String incoming) {
        String prefix = "column " + column + " of table " + table + " changed from " + current + " to " + incoming + " in this run's data";
        if (isExact(normal(current)) && isNumeric(incoming)) {
            return prefix + ", and no DECIMAL of up to 38 digits holds both" + (isApproximate(normal(incoming))
                    ? " (some of the " + incoming + " values have no exact decimal form, such as NaN or 1e300)" : "")
                    + ". Turning the column into DOUBLE would round its exact values past 15 significant digits "
                    + "(9007199254740993 becomes 9007199254740992). Nothing was published. To resolve: fix the source, "
                    + "convert it in the pipeline (transform: - cast: {" + column + ": " + current + "}), "
                    + "allow DOUBLE (load.schema.widen_to_double: true), or rebuild the table (tributary run --full-refresh).";
        }
        return prefix + ", and " + incoming + " values do not fit in " + current + ". Nothing was published. "
                + "To resolve: fix the source, convert it in the pipeline (transform: - cast: {" + column + ": " + current + "}), "
                + "allow text columns (load.schema.widen_to_varchar: true), or rebuild the table (tributary run --full-refresh).";
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
        return ExactDecimals.smallest(Math.max(first[0], second[0]), Math.max(first[1], second[1]));
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

    /** Integers and DECIMALs: every value is held exactly. */
    public static boolean isExact(String type) {
        String t = normal(type);
        return isInteger(t) || DECIMAL.matcher(t).matches();
    }

    private static boolean isApproximate(String type) {
        return type.equals("FLOAT") || type.equals("DOUBLE");
    }

    private static boolean isNumeric(String type) {
        String t = normal(type);
        return isExact(t) || isApproximate(t);
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
