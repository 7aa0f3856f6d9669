package io.tributary.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.tributary.query.QueryResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Prints a query result as an aligned table, CSV (RFC 4180) or a JSON array of objects, every value
 * as the same text in all three ({@link QueryResult}). JSON writes numbers as numbers with exactly
 * those digits, booleans and NULL as such, nested and JSON values as JSON; everything else, and a
 * number JSON cannot hold ({@code nan}, {@code inf}), as a string.
 */
public final class QueryPrinter {
    public enum Style { table, csv, json }

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
    /** DuckDB's to_json writes the non-finite doubles as these bare words, which are not JSON. */
    private static final JsonFactory NESTED = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final Map<String, String> NON_FINITE = Map.of("NaN", "nan", "Infinity", "inf", "-Infinity", "-inf", "+Infinity", "inf");

    private final PrintWriter out;
    private final Style style;
    private final int maxRows;

    public QueryPrinter(PrintWriter out, Style style, int maxRows) {
        this.out = out;
        this.style = style;
        this.maxRows = maxRows;
    }

    public void print(QueryResult result) throws SQLException {
        List<String> names = result.columns().stream().map(QueryResult.Column::label).toList();
        switch (style) {
            case csv -> csv(result, names);
            case json -> json(result);
            default -> table(result, names);
        }
        out.flush();
    }

    private void table(QueryResult result, List<String> names) throws SQLException {
        TextTable table = new TextTable(names);
        long rows = 0;
        while (result.next()) {
            rows++;
            if (rows <= maxRows) {
                table.add(row(result));
            }
        }
        table.print(out);
        out.println("(" + Format.rows(rows) + (rows > maxRows ? ", first " + maxRows + " shown" : "") + ")");
    }

    private static List<String> row(QueryResult result) throws SQLException {
        List<String> row = new ArrayList<>();
        for (int i = 0; i < result.columns().size(); i++) {
            row.add(result.text(i));
        }
        return row;
    }

    private void csv(QueryResult result, List<String> names) throws SQLException {
        out.println(String.join(",", names.stream().map(QueryPrinter::csvCell).toList()));
        while (result.next()) {
            out.println(String.join(",", row(result).stream().map(value -> value == null ? "" : csvCell(value)).toList()));
        }
    }

    private static String csvCell(String value) {
        if (value.isEmpty() || value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private void json(QueryResult result) throws SQLException {
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            json.writeStartArray();
            List<QueryResult.Column> columns = result.columns();
            while (result.next()) {
                json.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    json.writeFieldName(columns.get(i).label());
                    value(json, columns.get(i).kind(), result.text(i));
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
    }

    private static void value(JsonGenerator json, QueryResult.Kind kind, String text) throws IOException {
        if (text == null) {
            json.writeNull();
            return;
        }
        switch (kind) {
            case NUMBER -> {
                if (JSON_NUMBER.matcher(text).matches()) {
                    json.writeNumber(text);
                } else {
                    json.writeString(text);
                }
            }
            case BOOLEAN -> json.writeBoolean(Boolean.parseBoolean(text));
            case JSON -> nested(json, text);
            default -> json.writeString(text);
        }
    }

    /** Copies a JSON text token by token, numbers with their digits, the non-finite ones as DuckDB's words. */
    private static void nested(JsonGenerator json, String text) throws IOException {
        try (JsonParser parser = NESTED.createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT && parser.isNaN()) {
                    json.writeString(NON_FINITE.getOrDefault(parser.getText(), parser.getText()));
                } else {
                    json.copyCurrentEventExact(parser);
                }
            }
        }
    }
}
