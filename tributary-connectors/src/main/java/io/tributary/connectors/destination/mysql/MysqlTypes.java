package io.tributary.connectors.destination.mysql;

import io.tributary.connectors.destination.DestinationTypes;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * MySQL and MariaDB: text as LONGTEXT (keys get a prefix index), TIMESTAMPTZ as DATETIME(6) in UTC,
 * UUID as CHAR(36), BOOLEAN as TINYINT(1). DECIMAL with more than 30 fraction digits (MySQL's limit)
 * is stored as its exact text.
 */
final class MysqlTypes extends DestinationTypes {
    @Override
    public String canonical(String duckType) {
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
    public String ddl(String canonical) {
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
    public String fromDestination(String destinationType) {
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
    protected String export(String column, String duckType) {
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
