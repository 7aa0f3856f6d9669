package io.tributary.connectors.destination;

import io.tributary.sql.Sql;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the DuckDB column types of a run are stored in a destination database, in three steps:
 * {@link #canonical} names the DuckDB type the destination stores exactly (PostgreSQL has no TINYINT,
 * so TINYINT becomes SMALLINT; a LIST becomes JSON); {@link #ddl} gives the destination's column type
 * for it; {@link #fromDestination} reads an existing column back as the same canonical DuckDB type.
 * Schema evolution then compares canonical DuckDB types with core's {@code TypeWidening}, exactly as
 * the warehouse does. {@link #export} renders a value as the text the destination's bulk loader reads.
 */
public abstract class DestinationTypes {
    private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\((\\d+)\\s*,\\s*(\\d+)\\)");

    /** The DuckDB type, normalised to what this destination stores without loss. */
    public String canonical(String duckType) {
        String type = duckType.toUpperCase(Locale.ROOT).strip();
        if (isNested(type)) {
            return "JSON";
        }
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) {
            return "DECIMAL(" + decimal.group(1) + "," + decimal.group(2) + ")";
        }
        return switch (type) {
            case "BOOLEAN", "BOOL", "LOGICAL" -> "BOOLEAN";
            case "TINYINT", "INT1" -> "TINYINT";
            case "SMALLINT", "INT2", "SHORT", "UTINYINT" -> "SMALLINT";
            case "INTEGER", "INT", "INT4", "INT32", "SIGNED", "USMALLINT" -> "INTEGER";
            case "BIGINT", "INT8", "INT64", "LONG", "UINTEGER" -> "BIGINT";
            case "UBIGINT" -> "DECIMAL(20,0)";
            case "HUGEINT", "UHUGEINT", "INT128", "UINT128" -> "DECIMAL(39,0)";
            case "FLOAT", "REAL", "FLOAT4" -> "FLOAT";
            case "DOUBLE", "FLOAT8" -> "DOUBLE";
            case "DATE" -> "DATE";
            case "TIME" -> "TIME";
            case "TIMESTAMP", "DATETIME", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP_US" -> "TIMESTAMP";
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> "TIMESTAMP WITH TIME ZONE";
            case "JSON" -> "JSON";
            case "UUID" -> "UUID";
            case "BLOB", "BYTEA", "BINARY", "VARBINARY" -> "BLOB";
            case "INTERVAL" -> "INTERVAL";
            // VARCHAR, and what has no column type of its own in the destinations (ENUM, BIT, TIME WITH
            // TIME ZONE, BIGNUM): stored as its DuckDB text
            default -> "VARCHAR";
        };
    }

    /** The destination's column type for a canonical DuckDB type. */
    public abstract String ddl(String canonical);

    /** An existing destination column's type read back as a canonical DuckDB type. */
    public abstract String fromDestination(String destinationType);

    /**
     * A DuckDB expression (over {@code column}, already quoted) yielding the value as the bulk loader of
     * this destination reads it. The default is the DuckDB value itself, which DuckDB's CSV writer
     * prints in the ISO forms both databases accept.
     */
    protected String export(String column, String duckType) {
        String type = duckType.toUpperCase(Locale.ROOT).strip();
        String canonical = canonical(duckType);
        if (isNested(type)) {
            return "CAST(to_json(" + column + ") AS VARCHAR)";
        }
        return switch (canonical) {
            case "TIMESTAMP" -> type.equals("TIMESTAMP") ? column : "CAST(" + column + " AS TIMESTAMP)";
            case "TIMESTAMP WITH TIME ZONE" -> utcText(column) + " || '+00'";
            case "VARCHAR", "INTERVAL" -> type.equals("VARCHAR") ? column : "CAST(" + column + " AS VARCHAR)";
            default -> column;
        };
    }

    /** A TIMESTAMPTZ as UTC wall-clock text with microseconds, independent of DuckDB's TimeZone setting. */
    protected static String utcText(String column) {
        return "strftime(timezone('UTC', " + column + "), " + Sql.literal("%Y-%m-%d %H:%M:%S.%f") + ")";
    }

    protected static boolean isNested(String type) {
        return type.endsWith("]") || type.startsWith("STRUCT") || type.startsWith("MAP") || type.startsWith("UNION");
    }

    protected static Matcher decimal(String type) {
        return DECIMAL.matcher(type.toUpperCase(Locale.ROOT).strip());
    }
}
