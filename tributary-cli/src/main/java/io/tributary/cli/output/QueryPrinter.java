package io.tributary.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Prints a query result as an aligned table, CSV (RFC 4180) or a JSON array of objects. */
public final class QueryPrinter {
    public enum Style { table, csv, json }

    private final PrintWriter out;
    private final Style style;
    private final int maxRows;

    public QueryPrinter(PrintWriter out, Style style, int maxRows) {
        this.out = out;
        this.style = style;
        this.maxRows = maxRows;
    }

    public void print(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i));
        }
        switch (style) {
            case csv -> csv(rs, names);
            case json -> json(rs, names);
            default -> table(rs, names);
        }
        out.flush();
    }

    private void table(ResultSet rs, List<String> names) throws SQLException {
        TextTable table = new TextTable(names);
        long rows = 0;
        while (rs.next()) {
            rows++;
            if (rows <= maxRows) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= names.size(); i++) {
                    row.add(rs.getString(i));
                }
                table.add(row);
            }
        }
        table.print(out);
        out.println("(" + Format.rows(rows) + (rows > maxRows ? ", first " + maxRows + " shown" : "") + ")");
    }

    private void csv(ResultSet rs, List<String> names) throws SQLException {
        out.println(String.join(",", names.stream().map(QueryPrinter::csvCell).toList()));
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= names.size(); i++) {
                String value = rs.getString(i);
                row.add(value == null ? "" : csvCell(value));
            }
            out.println(String.join(",", row));
        }
    }

    private static String csvCell(String value) {
        if (value.isEmpty() || value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private void json(ResultSet rs, List<String> names) throws SQLException {
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            json.writeStartArray();
            while (rs.next()) {
                json.writeStartObject();
                for (int i = 1; i <= names.size(); i++) {
                    json.writeFieldName(names.get(i - 1));
                    Object value = rs.getObject(i);
                    if (value == null) {
                        json.writeNull();
                    } else if (value instanceof Boolean b) {
                        json.writeBoolean(b);
                    } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                        json.writeNumber(((Number) value).longValue());
                    } else if (value instanceof Double || value instanceof Float) {
                        json.writeNumber(((Number) value).doubleValue());
                    } else if (value instanceof BigDecimal d) {
                        json.writeNumber(d);
                    } else {
                        json.writeString(rs.getString(i));
                    }
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
    }
}
