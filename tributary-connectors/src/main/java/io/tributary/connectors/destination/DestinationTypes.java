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
abstract class DestinationTypes {
    private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\((\\d+)\\s*,\\s*(\\d+)\\)");

    /** The DuckDB type, normalised to what this destination stores without loss. */
    String canonical(String duckType) {
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
    abstract String ddl(String canonical);

    /** An existing destination column's type read back as a canonical DuckDB type. */
    abstract String fromDestination(String destinationType);

    /**
     * A DuckDB expression (over {@code column}, already quoted) yielding the value as the bulk loader of
     * this destination reads it. The default is the DuckDB value itself, which DuckDB's CSV writer
     * prints in the ISO forms both databases accept.
     */
    String export(String column, String duckType) {
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
    static String utcText(String column) {
        return "strftime(timezone('UTC', " + column + "), " + Sql.literal("%Y-%m-%d %H:%M:%S.%f") + ")";
    }

    static boolean isNested(String type) {
        return type.endsWith("]") || type.startsWith("STRUCT") || type.startsWith("MAP") || type.startsWith("UNION");
    }

    static Matcher decimal(String type) {
        return DECIMAL.matcher(type.toUpperCase(Locale.ROOT).strip());
    }

    /** PostgreSQL: native types for nearly everything; nested values as jsonb. */
    static final class Postgres extends DestinationTypes {
        @Override
        String canonical(String duckType) {
            String type = super.canonical(duckType);
            return type.equals("TINYINT") ? "SMALLINT" : type;
        }

        @Override
        String ddl(String canonical) {
            Matcher decimal = decimal(canonical);
            if (decimal.matches()) {
                return "numeric(" + decimal.group(1) + "," + decimal.group(2) + ")";
            }
            return switch (canonical) {
                case "BOOLEAN" -> "boolean";
                case "SMALLINT" -> "smallint";
                case "INTEGER" -> "integer";
                case "BIGINT" -> "bigint";
                case "FLOAT" -> "real";
                case "DOUBLE" -> "double precision";
                case "DATE" -> "date";
                case "TIME" -> "time";
                case "TIMESTAMP" -> "timestamp";
                case "TIMESTAMP WITH TIME ZONE" -> "timestamptz";
                case "JSON" -> "jsonb";
                case "UUID" -> "uuid";
                case "BLOB" -> "bytea";
                case "INTERVAL" -> "interval";
                default -> "text";
            };
        }

        @Override
        String fromDestination(String destinationType) {
            String type = destinationType.toLowerCase(Locale.ROOT).strip();
            Matcher decimal = decimal(type);
            if (decimal.matches()) {
                return "DECIMAL(" + decimal.group(1) + "," + decimal.group(2) + ")";
            }
            if (type.startsWith("character") || type.equals("text") || type.equals("name")) {
                return "VARCHAR";
            }
            if (type.startsWith("timestamp")) {
                return type.contains("with time zone") ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
            }
            if (type.startsWith("time")) {
                return type.contains("with time zone") ? "VARCHAR" : "TIME";
            }
            return switch (type) {
                case "boolean" -> "BOOLEAN";
                case "smallint" -> "SMALLINT";
                case "integer" -> "INTEGER";
                case "bigint" -> "BIGINT";
                case "real" -> "FLOAT";
                // an unconstrained numeric holds any number exactly; for widening it is as wide as DOUBLE
                case "double precision", "numeric" -> "DOUBLE";
                case "date" -> "DATE";
                case "json", "jsonb" -> "JSON";
                case "uuid" -> "UUID";
                case "bytea" -> "BLOB";
                case "interval" -> "INTERVAL";
                default -> destinationType.toUpperCase(Locale.ROOT);
            };
        }

        @Override
        String export(String column, String duckType) {
            if (canonical(duckType).equals("BLOB")) {
                return "'\\x' || hex(" + column + ")"; // bytea's hex input form
            }
            return super.export(column, duckType);
        }
    }

    /**
     * MySQL and MariaDB: text as LONGTEXT (keys get a prefix index), TIMESTAMPTZ as DATETIME(6) in UTC,
     * UUID as CHAR(36), BOOLEAN as TINYINT(1). DECIMAL with more than 30 fraction digits (MySQL's limit)
     * is stored as its exact text.
     */
    static final class Mysql extends DestinationTypes {
        @Override
        String canonical(String duckType) {
            String type = super.canonical(duckType);
            Matcher decimal = decimal(type);
            if (decimal.matches() && Integer.parseInt(decimal.group(2)) > 30) {
                return "VARCHAR";
            }
            return switch (type) {
                case "TIMESTAMP WITH TIME ZONE" -> "TIMESTAMP";
                case "INTERVAL" -> "VARCHAR";
                default -> type;
            };
        }

        @Override
        String ddl(String canonical) {
            Matcher decimal = decimal(canonical);
            if (decimal.matches()) {
                return "DECIMAL(" + decimal.group(1) + "," + decimal.group(2) + ")";
            }
            return switch (canonical) {
                case "BOOLEAN" -> "TINYINT(1)";
                case "TINYINT" -> "TINYINT";
                case "SMALLINT" -> "SMALLINT";
                case "INTEGER" -> "INT";
                case "BIGINT" -> "BIGINT";
                case "FLOAT" -> "FLOAT";
                case "DOUBLE" -> "DOUBLE";
                case "DATE" -> "DATE";
                case "TIME" -> "TIME(6)";
                case "TIMESTAMP" -> "DATETIME(6)";
                case "JSON" -> "JSON";
                case "UUID" -> "CHAR(36)";
                case "BLOB" -> "LONGBLOB";
                default -> "LONGTEXT";
            };
        }

        @Override
        String fromDestination(String destinationType) {
            String type = destinationType.toLowerCase(Locale.ROOT).strip();
            boolean unsigned = type.endsWith(" unsigned");
            String base = type.replace(" unsigned", "").replace(" zerofill", "");
            Matcher decimal = decimal(base);
            if (decimal.matches()) {
                return "DECIMAL(" + decimal.group(1) + "," + decimal.group(2) + ")";
            }
            if (base.equals("tinyint(1)")) {
                return "BOOLEAN";
            }
            String name = base.replaceAll("\\(.*\\)", "");
            if (base.equals("char(36)")) {
                return "UUID";
            }
            return switch (name) {
                case "tinyint" -> unsigned ? "SMALLINT" : "TINYINT";
                case "smallint" -> unsigned ? "INTEGER" : "SMALLINT";
                case "mediumint", "int", "integer" -> unsigned ? "BIGINT" : "INTEGER";
                case "bigint" -> unsigned ? "DECIMAL(20,0)" : "BIGINT";
                case "float" -> "FLOAT";
                case "double", "real" -> "DOUBLE";
                case "date" -> "DATE";
                case "time" -> "TIME";
                case "datetime", "timestamp" -> "TIMESTAMP";
                case "json" -> "JSON";
                case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set" -> "VARCHAR";
                case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "BLOB";
                default -> destinationType.toUpperCase(Locale.ROOT);
            };
        }

        @Override
        String export(String column, String duckType) {
            String canonical = canonical(duckType);
            String type = duckType.toUpperCase(Locale.ROOT).strip();
            if (canonical.equals("BOOLEAN")) {
                return "CAST(" + column + " AS INTEGER)";
            }
            if (canonical.equals("BLOB")) {
                return "hex(" + column + ")"; // LOAD DATA sets the column to UNHEX of it
            }
            if (type.equals("TIMESTAMP WITH TIME ZONE") || type.equals("TIMESTAMPTZ")) {
                return utcText(column);
            }
            if (canonical.equals("VARCHAR") && !type.equals("VARCHAR") && !isNested(type)) {
                return "CAST(" + column + " AS VARCHAR)";
            }
            return super.export(column, duckType);
        }
    }
}
