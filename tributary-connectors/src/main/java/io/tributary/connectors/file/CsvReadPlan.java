package io.tributary.connectors.file;

import io.tributary.sql.Sql;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How one CSV file of a run is read, on top of the user's options: types for some columns (text for a
 * date column whose day/month order nothing decides), the run's date and timestamp formats, and the
 * DECIMAL each decimal column is read as.
 *
 * <p>A decimal column is read as text and cast in the same statement ({@link #selectList}), with a
 * guard: DuckDB's reader would round a value with more fraction digits than the type silently, so
 * a value that does not fit the DECIMAL the sample suggested stops the statement instead, and the
 * file is read again with the type its whole column needs ({@link #measured}).
 *
 * @param types       column → type given to {@code read_csv}, besides the user's declared ones
 * @param dateFormat  the {@code dateformat} to read with, or null for the sniffer's
 * @param timestampFormat the {@code timestampformat}, or null
 * @param decimals    column → DECIMAL type of the decimal columns read as text and cast with a guard
 */
record CsvReadPlan(Map<String, String> types, String dateFormat, String timestampFormat, Map<String, String> decimals) {
    static final CsvReadPlan NONE = new CsvReadPlan(Map.of(), null, null, Map.of());

    /** The message the guard stops a read with (a marker only: any failure of a guarded read is retried unguarded). */
    private static final String GUARD = "tributary: a value does not fit the DECIMAL its column was sampled as";

    boolean guarded() {
        return !decimals.isEmpty();
    }

    /** Every column the reader must hand over as text: those typed here as VARCHAR and the guarded decimals. */
    Map<String, String> readerTypes() {
        Map<String, String> all = new LinkedHashMap<>(types);
        decimals.keySet().forEach(column -> all.put(column, "VARCHAR"));
        return all;
    }

    /** {@code *}, with each guarded decimal column cast from its text. */
    String selectList(char decimalSeparator) {
        if (decimals.isEmpty()) {
            return "*";
        }
        return "* REPLACE (" + decimals.entrySet().stream()
                .map(e -> guard(Sql.ident(e.getKey()), e.getValue(), decimalSeparator) + " AS " + Sql.ident(e.getKey()))
                .collect(Collectors.joining(", ")) + ")";
    }

    /**
     * The text cast to {@code decimal}, or an error when the cast could round: more fraction digits than
     * the type's scale, or an exponent ({@code 1.5e-3} would become 0.00). Everything else DuckDB's
     * cast either converts exactly or refuses. Two LIKE tests and a cast: a tenth of a second per
     * million values, where a regular expression took three times as long.
     */
    private static String guard(String column, String decimal, char separator) {
        int scale = Integer.parseInt(decimal.substring(decimal.indexOf(',') + 1, decimal.length() - 1));
        String tooLong = Sql.literal("%" + separator + "_".repeat(scale + 1) + "%");
        String text = separator == ',' ? "replace(" + column + ", ',', '.')" : column;
        return "CASE WHEN " + column + " LIKE " + tooLong + " OR contains(" + column + ", 'e') OR contains(" + column + ", 'E') THEN error("
                + Sql.literal(GUARD) + ") ELSE CAST(" + text + " AS " + decimal + ") END";
    }

    /** This plan with the guarded decimal columns read natively as the given types instead (a DECIMAL measured over the whole column, or DOUBLE). */
    CsvReadPlan measured(Map<String, String> decided) {
        Map<String, String> all = new LinkedHashMap<>(types);
        all.putAll(decided);
        return new CsvReadPlan(all, dateFormat, timestampFormat, Map.of());
    }

    /**
     * The user's {@code read_csv} options with this plan laid over them: declared types win over the
     * plan's, and a declared date or timestamp format over the run's.
     */
    Map<String, String> over(Map<String, String> options, Map<String, String> declared) {
        Map<String, String> result = new LinkedHashMap<>(options);
        Map<String, String> allTypes = new LinkedHashMap<>(readerTypes());
        allTypes.putAll(declared);
        if (!allTypes.isEmpty()) {
            result.put("types", "{" + allTypes.entrySet().stream()
                    .map(e -> Sql.literal(e.getKey()) + ": " + Sql.literal(e.getValue())).collect(Collectors.joining(", ")) + "}");
        }
        if (dateFormat != null) {
            result.putIfAbsent("dateformat", Sql.literal(dateFormat));
        }
        if (timestampFormat != null) {
            result.putIfAbsent("timestampformat", Sql.literal(timestampFormat));
        }
        return result;
    }
}
