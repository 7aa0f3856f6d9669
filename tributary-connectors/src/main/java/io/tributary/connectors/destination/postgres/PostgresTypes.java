package io.tributary.connectors.destination.postgres;

import io.tributary.connectors.destination.DestinationTypes;
import java.util.Locale;
import java.util.regex.Matcher;

/** PostgreSQL: native types for nearly everything; nested values as jsonb. */
final class PostgresTypes extends DestinationTypes {
    @Override
    public String canonical(String duckType) {
        String type = super.canonical(duckType);
        return type.equals("TINYINT") ? "SMALLINT" : type;
    }

    @Override
    public String ddl(String canonical) {
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
    public String fromDestination(String destinationType) {
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
    protected String export(String column, String duckType) {
        if (canonical(duckType).equals("BLOB")) {
            return "'\\x' || hex(" + column + ")"; // bytea's hex input form
        }
        return super.export(column, duckType);
    }
}
