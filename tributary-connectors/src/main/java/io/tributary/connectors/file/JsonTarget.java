package io.tributary.connectors.file;

import io.tributary.sql.JsonSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JSON value must be to load into a column of one DuckDB type without being altered, and
 * how to hand it to DuckDB so that it is not.
 *
 * <p>DuckDB's JSON reader converts leniently: a fraction into an integer column is rounded
 * ({@code 19.99} → 20), a boolean into a number column becomes 1 or 0, a number into a text column
 * is re-printed from a double ({@code 1.2345678901234567e+19}), and every number with a fraction
 * passes through double on its way to a DECIMAL. So the checks here are stricter than DuckDB's
 * casts, and a number bound for a DECIMAL, a wide integer or a text column is handed over as the
 * text of its literal, which DuckDB casts exactly ({@link #output}).
 */
final class JsonTarget {
    enum Kind { TEXT, JSON, INTEGER, DECIMAL, FLOAT, BOOLEAN, STRUCT, LIST, OTHER }

    /** A JSON number as written in the file: its literal text, so that no digit is lost. */
    record Literal(String text) {
        /** The exact value, or null for NaN and Infinity. */
        BigDecimal decimal() {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /**
         * Digits before the point (no leading zeros) and after it (no trailing zeros) of a literal
         * without exponent, as {@code integer << 32 | scale}; -1 for any other literal. Counting
         * them is much cheaper than a BigDecimal for each of millions of values.
         */
        long plainDigits() {
            int i = text.startsWith("-") ? 1 : 0;
            int end = text.length();
            while (i < end && text.charAt(i) == '0') {
                i++;
            }
            int start = i;
            while (i < end && Character.isDigit(text.charAt(i))) {
                i++;
            }
            long integer = i - start;
            int scale = 0;
            if (i < end && text.charAt(i) == '.') {
                int fraction = ++i;
                while (i < end && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                int last = i;
                while (last > fraction && text.charAt(last - 1) == '0') {
                    last--;
                }
                scale = last - fraction;
            }
            return i < end ? -1 : integer << 32 | scale;
        }

        /** True for an integer literal of at most 18 digits: one that fits a BIGINT and that DuckDB prints as written. */
        boolean smallInteger() {
            long digits = plainDigits();
            return digits >= 0 && text.indexOf('.') < 0 && (digits >>> 32) <= 18;
        }
    }

    private static final Pattern DECIMAL_TYPE = Pattern.compile("(?:DECIMAL|NUMERIC)\\((\\d+),\\s*(\\d+)\\)");
    private static final Map<String, BigInteger[]> INTEGER_RANGES = Map.of(
            "TINYINT", range(BigInteger.valueOf(Byte.MIN_VALUE), BigInteger.valueOf(Byte.MAX_VALUE)),
            "SMALLINT", range(BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE)),
            "INTEGER", range(BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)),
            "BIGINT", range(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)),
            "HUGEINT", range(BigInteger.TWO.pow(127).negate(), BigInteger.TWO.pow(127).subtract(BigInteger.ONE)),
            "UTINYINT", range(BigInteger.ZERO, BigInteger.valueOf(255)),
            "USMALLINT", range(BigInteger.ZERO, BigInteger.valueOf(65_535)),
            "UINTEGER", range(BigInteger.ZERO, BigInteger.valueOf(4_294_967_295L)),
            "UBIGINT", range(BigInteger.ZERO, BigInteger.TWO.pow(64).subtract(BigInteger.ONE)),
            "UHUGEINT", range(BigInteger.ZERO, BigInteger.TWO.pow(128).subtract(BigInteger.ONE)));
    /** Up to this many digits, a decimal read as a double and cast to DECIMAL comes back exactly. */
    private static final int EXACT_THROUGH_DOUBLE = 15;
    private static final Set<String> FLOAT_WORDS = Set.of("nan", "inf", "infinity", "-inf", "-infinity", "+inf", "+infinity");

    private final String type;
    private final Kind kind;
    private final int precision;
    private final int scale;
    private final BigInteger min;
    private final BigInteger max;
    private final Map<String, JsonTarget> fields;
    private final JsonTarget element;

    private JsonTarget(String type, Kind kind, int precision, int scale, BigInteger[] range, Map<String, JsonTarget> fields, JsonTarget element) {
        this.type = type;
        this.kind = kind;
        this.precision = precision;
        this.scale = scale;
        this.min = range == null ? null : range[0];
        this.max = range == null ? null : range[1];
        this.fields = fields;
        this.element = element;
    }

    private static BigInteger[] range(BigInteger min, BigInteger max) {
        return new BigInteger[] {min, max};
    }

    /** The target for a column of {@code type} (any DuckDB spelling; a STRUCT's fields are described by DuckDB). */
    static JsonTarget of(Connection connection, String type) throws SQLException {
        String canonical = canonical(connection, type);
        if (canonical.endsWith("[]")) {
            return new JsonTarget(canonical, Kind.LIST, 0, 0, null, null, of(connection, canonical.substring(0, canonical.length() - 2)));
        }
        if (canonical.startsWith("STRUCT(")) {
            Map<String, JsonTarget> fields = new LinkedHashMap<>();
            for (JsonSchema.Field field : JsonSchema.field(connection, "element", canonical).children()) {
                fields.put(field.name(), of(connection, field.sqlType()));
            }
            return new JsonTarget(canonical, Kind.STRUCT, 0, 0, null, fields, null);
        }
        return scalar(canonical);
    }

    /** The kind of a scalar type in DuckDB's own spelling (no STRUCT or list). */
    static JsonTarget scalar(String canonical) {
        String upper = canonical.toUpperCase(Locale.ROOT);
        Matcher decimal = DECIMAL_TYPE.matcher(upper);
        if (decimal.matches()) {
            return new JsonTarget(canonical, Kind.DECIMAL, Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)), null, null, null);
        }
        if (INTEGER_RANGES.containsKey(upper)) {
            return new JsonTarget(canonical, Kind.INTEGER, 0, 0, INTEGER_RANGES.get(upper), null, null);
        }
        Kind kind = switch (upper) {
            case "VARCHAR" -> Kind.TEXT;
            case "JSON" -> Kind.JSON;
            case "DOUBLE", "FLOAT" -> Kind.FLOAT;
            case "BOOLEAN" -> Kind.BOOLEAN;
            default -> Kind.OTHER;
        };
        return new JsonTarget(canonical, kind, 0, 0, null, null, null);
    }

    /** DuckDB's own spelling of {@code type} ({@code STRUCT(sku VARCHAR)[]}, not {@code STRUCT("sku" VARCHAR)[]}). */
    static String canonical(Connection connection, String type) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT typeof(CAST(NULL AS " + type + "))")) {
            rs.next();
            return rs.getString(1);
        }
    }

    Kind kind() {
        return kind;
    }

    /** True for the types whose values {@link JsonTarget} checks in full, so that no SQL check is needed. */
    boolean checkedHere() {
        return kind == Kind.INTEGER || kind == Kind.DECIMAL || kind == Kind.FLOAT || kind == Kind.TEXT || kind == Kind.JSON
                || (kind == Kind.LIST && element.checkedHere());
    }

    /**
     * True when every value the profile saw at this path loads into this type exactly through
     * DuckDB's own reader, so the fast read of the file can stand.
     */
    boolean exact(JsonProfile.Node node) {
        if (node == null) {
            return true;
        }
        int present = node.present();
        return switch (kind) {
            // DuckDB prints integers as written, other numbers from a double.
            case TEXT -> (present & (JsonProfile.BIG_INTEGER | JsonProfile.DECIMAL | JsonProfile.EXPONENT)) == 0;
            case JSON -> true;
            case INTEGER -> (present & ~(JsonProfile.INTEGER | (beyondBigint() ? JsonProfile.BIG_INTEGER : 0))) == 0;
            case DECIMAL -> (present & ~(JsonProfile.INTEGER | JsonProfile.DECIMAL)) == 0 && node.integerDigits <= precision - scale
                    && node.scale <= scale && ((present & JsonProfile.DECIMAL) == 0 || precision <= EXACT_THROUGH_DOUBLE);
            case FLOAT -> (present & ~JsonProfile.NUMBERS) == 0;
            case BOOLEAN -> (present & ~JsonProfile.BOOLEAN) == 0;
            case STRUCT -> (present & ~JsonProfile.OBJECT) == 0 && node.fields().entrySet().stream()
                    .allMatch(f -> fields.containsKey(f.getKey()) && fields.get(f.getKey()).exact(f.getValue()));
            case LIST -> (present & ~JsonProfile.ARRAY) == 0 && element.exact(node.elementOrNull());
            case OTHER -> type.startsWith("MAP(") || type.startsWith("UNION(") || (present & ~JsonProfile.STRING) == 0;
        };
    }

    /**
     * True when a column of this type, read with every value at {@code node}, holds them so that a
     * cast to the exact type the profile asks for gives the literals back: integers, and numbers
     * of at most 15 digits read as doubles. Then the table can be altered instead of read again.
     */
    boolean recoverable(JsonProfile.Node node) {
        int present = node.present();
        return switch (kind) {
            case INTEGER -> exact(node);
            case FLOAT -> (present & ~(JsonProfile.INTEGER | JsonProfile.DECIMAL)) == 0 && node.integerDigits + node.scale <= EXACT_THROUGH_DOUBLE;
            case LIST -> (present & ~JsonProfile.ARRAY) == 0 && (node.elementOrNull() == null || element.recoverable(node.elementOrNull()));
            default -> false;
        };
    }

    /** Wider than BIGINT (a narrower column's overflow is an error in DuckDB's strict read, so it needs no check here). */
    private boolean beyondBigint() {
        return max.bitLength() > 63;
    }

    /** True when {@code value} (as {@link JsonRewrite} reads it) loads into this type exactly, or is left to DuckDB's checks. */
    boolean fits(Object value) {
        if (value == null) {
            return true;
        }
        return switch (kind) {
            case TEXT, JSON, OTHER -> true;
            case INTEGER -> {
                if (value instanceof Literal literal && literal.smallInteger()) {
                    BigInteger number = BigInteger.valueOf(Long.parseLong(literal.text()));
                    yield number.compareTo(min) >= 0 && number.compareTo(max) <= 0;
                }
                BigDecimal number = number(value);
                yield number != null && integral(number) && number.compareTo(new BigDecimal(min)) >= 0 && number.compareTo(new BigDecimal(max)) <= 0;
            }
            case DECIMAL -> {
                long digits = value instanceof Literal literal ? literal.plainDigits() : -1;
                if (digits >= 0) {
                    yield (digits >>> 32) <= precision - scale && (digits & 0xFFFFFFFFL) <= scale;
                }
                BigDecimal number = number(value);
                if (number == null) {
                    yield false;
                }
                BigDecimal stripped = number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
                yield Math.max(stripped.scale(), 0) <= scale && stripped.precision() - stripped.scale() <= precision - scale;
            }
            case FLOAT -> value instanceof Literal || (value instanceof String text
                    && (FLOAT_WORDS.contains(text.strip().toLowerCase(Locale.ROOT)) || decimal(text) != null));
            case BOOLEAN -> !(value instanceof Literal) && !(value instanceof Map) && !(value instanceof List);
            case STRUCT -> value instanceof Map<?, ?> map && fields.entrySet().stream().allMatch(f -> f.getValue().fits(map.get(f.getKey())));
            case LIST -> value instanceof List<?> list && list.stream().allMatch(element::fits);
        };
    }

    /**
     * {@code value} as it should be written for DuckDB, the same object when nothing changes: a
     * number bound for a DECIMAL of more than 15 digits, an integer beyond BIGINT or a text column
     * (unless a short integer, which DuckDB prints as written) becomes the text of its literal.
     */
    Object output(Object value) {
        if (value instanceof Literal number) {
            boolean asText = switch (kind) {
                case TEXT -> !number.smallInteger();
                case DECIMAL -> precision > EXACT_THROUGH_DOUBLE;
                case INTEGER -> !fitsLong(number);
                default -> false;
            };
            return asText ? plain(number) : value;
        }
        if (kind == Kind.STRUCT && value instanceof Map<?, ?> map) {
            Map<String, Object> out = null;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                JsonTarget field = fields.get((String) entry.getKey());
                Object written = field == null ? entry.getValue() : field.output(entry.getValue());
                if (written != entry.getValue() && out == null) {
                    out = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> before : map.entrySet()) {
                        if (before.getKey().equals(entry.getKey())) {
                            break;
                        }
                        out.put((String) before.getKey(), before.getValue());
                    }
                }
                if (out != null) {
                    out.put((String) entry.getKey(), written);
                }
            }
            return out == null ? value : out;
        }
        if (kind == Kind.LIST && value instanceof List<?> list) {
            List<Object> written = list.stream().map(element::output).toList();
            for (int i = 0; i < list.size(); i++) {
                if (written.get(i) != list.get(i)) {
                    return written;
                }
            }
            return value;
        }
        return value;
    }

    private static boolean fitsLong(Literal number) {
        if (number.smallInteger()) {
            return true;
        }
        BigDecimal value = number.decimal();
        return value != null && integral(value) && value.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    }

    /** The literal without exponent when that stays short, so that a text column gets plain digits. */
    private static String plain(Literal number) {
        BigDecimal value = number.decimal();
        if (value == null) {
            return number.text();
        }
        return Math.abs(value.scale()) > 100 ? value.toString() : value.toPlainString();
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Literal number) {
            return number.decimal();
        }
        return value instanceof String text ? decimal(text) : null;
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean integral(BigDecimal value) {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }
}
