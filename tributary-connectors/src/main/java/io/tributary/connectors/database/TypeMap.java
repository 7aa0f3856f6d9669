package io.tributary.connectors.database;

import io.tributary.jdbc.Dialect;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The source's column types → DuckDB types, chosen so that no value changes on the way
 * (docs/database-types.md has the table). Where DuckDB has no exact equal — a numeric wider than
 * DECIMAL(38), a bit string — the value is kept as exact text rather than rounded.
 */
final class TypeMap {
    /** DuckDB's widest DECIMAL. */
    static final int MAX_DECIMAL_PRECISION = 38;

    private TypeMap() {}

    static List<SourceColumn> columns(Dialect dialect, ResultSetMetaData meta) throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String name = meta.getColumnLabel(i);
            String typeName = meta.getColumnTypeName(i) == null ? "" : meta.getColumnTypeName(i);
            int precision = meta.getPrecision(i);
            int scale = meta.getScale(i);
            columns.add(switch (dialect) {
                case POSTGRES -> postgres(name, typeName.toLowerCase(Locale.ROOT), meta.getColumnType(i), precision, scale);
                case MYSQL -> mysql(name, typeName.toUpperCase(Locale.ROOT), meta.getColumnType(i), precision, scale);
                default -> generic(name, typeName, meta.getColumnType(i), precision, scale, meta.isSigned(i));
            });
        }
        return columns;
    }

    static SourceColumn postgres(String name, String type, int jdbcType, int precision, int scale) {
        if (type.startsWith("_")) {
            SourceColumn element = postgres(name, type.substring(1), Types.OTHER, 0, 0);
            return switch (element.kind()) {
                case BOOLEAN, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, TEXT, UUID, DATE, TIMESTAMP, TIMESTAMPTZ ->
                        new SourceColumn(name, type.substring(1) + "[]", element.duckdb() + "[]", ValueKind.LIST, element.kind());
                // Arrays of anything else stay exact as JSON text, e.g. numeric[] → [1.50, 2]
                default -> new SourceColumn(name, type.substring(1) + "[]", "JSON", ValueKind.LIST, ValueKind.JSON);
            };
        }
        return switch (type) {
            case "bool" -> new SourceColumn(name, type, "BOOLEAN", ValueKind.BOOLEAN);
            case "int2" -> new SourceColumn(name, type, "SMALLINT", ValueKind.SMALLINT);
            case "int4", "serial" -> new SourceColumn(name, type, "INTEGER", ValueKind.INTEGER);
            case "int8", "bigserial", "oid" -> new SourceColumn(name, type, "BIGINT", ValueKind.BIGINT);
            case "float4" -> new SourceColumn(name, type, "FLOAT", ValueKind.FLOAT);
            case "float8" -> new SourceColumn(name, type, "DOUBLE", ValueKind.DOUBLE);
            case "numeric" -> decimal(name, "numeric", precision, scale);
            case "date" -> new SourceColumn(name, type, "DATE", ValueKind.DATE);
            case "time" -> new SourceColumn(name, type, "TIME", ValueKind.TIME);
            case "timetz" -> new SourceColumn(name, type, "TIMETZ", ValueKind.TIMETZ);
            case "timestamp" -> new SourceColumn(name, type, "TIMESTAMP", ValueKind.TIMESTAMP);
            case "timestamptz" -> new SourceColumn(name, type, "TIMESTAMPTZ", ValueKind.TIMESTAMPTZ);
            case "json", "jsonb" -> new SourceColumn(name, type, "JSON", ValueKind.JSON);
            case "uuid" -> new SourceColumn(name, type, "UUID", ValueKind.UUID);
            case "bytea" -> new SourceColumn(name, type, "BLOB", ValueKind.BLOB);
            case "bit", "varbit" -> new SourceColumn(name, type, "VARCHAR", ValueKind.BITS);
            // text, varchar, bpchar, name, citext, enums, interval, inet, money (with its currency sign), xml, ...: their exact text
            default -> new SourceColumn(name, type, "VARCHAR", ValueKind.TEXT);
        };
    }

    static SourceColumn mysql(String name, String type, int jdbcType, int precision, int scale) {
        boolean unsigned = type.endsWith(" UNSIGNED");
        String base = unsigned ? type.substring(0, type.length() - " UNSIGNED".length()) : type;
        return switch (base) {
            // TINYINT(1) arrives as BOOLEAN (the driver's tinyInt1isBit), BIT(1) as BIT with precision 1
            case "BOOLEAN", "BOOL" -> new SourceColumn(name, "TINYINT(1)", "BOOLEAN", ValueKind.BOOLEAN);
            case "BIT" -> precision <= 1 ? new SourceColumn(name, "BIT(1)", "BOOLEAN", ValueKind.BOOLEAN)
                    : new SourceColumn(name, "BIT(" + precision + ")", "VARCHAR", ValueKind.BITS);
            case "TINYINT" -> unsigned ? new SourceColumn(name, type, "SMALLINT", ValueKind.SMALLINT)
                    : new SourceColumn(name, type, "TINYINT", ValueKind.TINYINT);
            case "SMALLINT" -> unsigned ? new SourceColumn(name, type, "INTEGER", ValueKind.INTEGER)
                    : new SourceColumn(name, type, "SMALLINT", ValueKind.SMALLINT);
            case "MEDIUMINT" -> new SourceColumn(name, type, "INTEGER", ValueKind.INTEGER);
            case "INT", "INTEGER" -> unsigned ? new SourceColumn(name, type, "BIGINT", ValueKind.BIGINT)
                    : new SourceColumn(name, type, "INTEGER", ValueKind.INTEGER);
            case "BIGINT" -> unsigned ? new SourceColumn(name, type, "DECIMAL(20,0)", ValueKind.BIG_INTEGER)
                    : new SourceColumn(name, type, "BIGINT", ValueKind.BIGINT);
            // The server prints a FLOAT rounded to 6 significant digits (16777216 → 1.67772e7); selected
            // as CAST(f AS DOUBLE) it sends the exact value it stores, which a DOUBLE holds digit for digit
            case "FLOAT" -> new SourceColumn(name, type, "DOUBLE", ValueKind.DOUBLE);
            case "DOUBLE", "REAL" -> new SourceColumn(name, type, "DOUBLE", ValueKind.DOUBLE);
            case "DECIMAL", "NUMERIC" -> decimal(name, "DECIMAL", precision, scale);
            case "DATE" -> new SourceColumn(name, type, "DATE", ValueKind.DATE);
            case "TIME" -> new SourceColumn(name, type, "TIME", ValueKind.TIME);
            case "DATETIME" -> new SourceColumn(name, type, "TIMESTAMP", ValueKind.TIMESTAMP);
            // a TIMESTAMP is an instant (stored in UTC): read in a UTC session, it becomes a TIMESTAMPTZ
            case "TIMESTAMP" -> new SourceColumn(name, type, "TIMESTAMPTZ", ValueKind.TIMESTAMPTZ);
            case "YEAR" -> new SourceColumn(name, type, "SMALLINT", ValueKind.YEAR);
            case "JSON" -> new SourceColumn(name, type, "JSON", ValueKind.JSON);
            case "BINARY", "VARBINARY", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB", "GEOMETRY" ->
                    new SourceColumn(name, type, "BLOB", ValueKind.BLOB);
            // CHAR, VARCHAR, TEXT kinds, ENUM and SET (the driver reports both as CHAR)
            default -> jdbcType == Types.BINARY || jdbcType == Types.VARBINARY || jdbcType == Types.LONGVARBINARY
                    ? new SourceColumn(name, type, "BLOB", ValueKind.BLOB) : new SourceColumn(name, type, "VARCHAR", ValueKind.TEXT);
        };
    }

    /** Any other database, by the JDBC type the driver reports. */
    static SourceColumn generic(String name, String type, int jdbcType, int precision, int scale, boolean signed) {
        return switch (jdbcType) {
            case Types.BOOLEAN, Types.BIT -> new SourceColumn(name, type, "BOOLEAN", ValueKind.BOOLEAN);
            case Types.TINYINT -> new SourceColumn(name, type, "SMALLINT", ValueKind.SMALLINT);
            case Types.SMALLINT -> signed ? new SourceColumn(name, type, "SMALLINT", ValueKind.SMALLINT)
                    : new SourceColumn(name, type, "INTEGER", ValueKind.INTEGER);
            case Types.INTEGER -> signed ? new SourceColumn(name, type, "INTEGER", ValueKind.INTEGER)
                    : new SourceColumn(name, type, "BIGINT", ValueKind.BIGINT);
            case Types.BIGINT -> signed ? new SourceColumn(name, type, "BIGINT", ValueKind.BIGINT)
                    : new SourceColumn(name, type, "DECIMAL(20,0)", ValueKind.BIG_INTEGER);
            case Types.REAL -> new SourceColumn(name, type, "FLOAT", ValueKind.FLOAT);
            case Types.FLOAT, Types.DOUBLE -> new SourceColumn(name, type, "DOUBLE", ValueKind.DOUBLE);
            case Types.NUMERIC, Types.DECIMAL -> decimal(name, type, precision, scale);
            case Types.DATE -> new SourceColumn(name, type, "DATE", ValueKind.DATE);
            case Types.TIME -> zoned(type) ? new SourceColumn(name, type, "TIMETZ", ValueKind.TIMETZ) : new SourceColumn(name, type, "TIME", ValueKind.TIME);
            case Types.TIME_WITH_TIMEZONE -> new SourceColumn(name, type, "TIMETZ", ValueKind.TIMETZ);
            case Types.TIMESTAMP -> zoned(type) ? new SourceColumn(name, type, "TIMESTAMPTZ", ValueKind.TIMESTAMPTZ)
                    : new SourceColumn(name, type, "TIMESTAMP", ValueKind.TIMESTAMP);
            case Types.TIMESTAMP_WITH_TIMEZONE -> new SourceColumn(name, type, "TIMESTAMPTZ", ValueKind.TIMESTAMPTZ);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> new SourceColumn(name, type, "BLOB", ValueKind.BLOB);
            default -> new SourceColumn(name, type, "VARCHAR", ValueKind.TEXT);
        };
    }

    /**
     * Some drivers report a zoned type as plain TIME/TIMESTAMP and say so only in its name:
     * PostgreSQL's {@code timestamptz}/{@code timetz}, {@code TIMESTAMP WITH (LOCAL) TIME ZONE},
     * SQL Server's {@code datetimeoffset}. Read as local values, their instants would be lost.
     */
    static boolean zoned(String typeName) {
        String t = typeName.toLowerCase(Locale.ROOT);
        return t.endsWith("tz") || t.contains("time zone") || t.contains("datetimeoffset");
    }

    /**
     * DECIMAL(p,s) when DuckDB can hold the precision; a wider or unconstrained numeric stays exact
     * as its decimal text (VARCHAR) rather than being rounded.
     */
    private static SourceColumn decimal(String name, String type, int precision, int scale) {
        if (precision <= 0 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
            String written = precision <= 0 ? type : type + "(" + precision + "," + scale + ")";
            return new SourceColumn(name, written, "VARCHAR", ValueKind.TEXT);
        }
        return new SourceColumn(name, type + "(" + precision + "," + scale + ")", "DECIMAL(" + precision + "," + scale + ")", ValueKind.DECIMAL);
    }
}
