package io.tributary.connectors.file;

import io.tributary.spi.SourceException;
import io.tributary.spi.SourceState;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CSV files of one run, planned together before any is read. Each file is sniffed (DuckDB's
 * {@code sniff_csv}: a sample, not the file) and the sampled text of two kinds of column measured:
 * decimal columns, which become an exact DECIMAL instead of DOUBLE ({@link CsvNumbers}), and date
 * columns whose day/month order the format leaves open, which get one order for the whole run and
 * later runs ({@link CsvDateOrders}). Only a date column whose sample is ambiguous is read in full.
 */
final class CsvRun implements FileFormat.RunReading {
    private final CsvFormat format;
    private final Map<Path, CsvReadPlan> plans;
    private final String recorded;

    private CsvRun(CsvFormat format, Map<Path, CsvReadPlan> plans, String recorded) {
        this.format = format;
        this.plans = plans;
        this.recorded = recorded;
    }

    @Override
    public FileFormat.Counts stage(Path file, String unit, TableRef table, Staging staging) throws SQLException, SourceException {
        return format.stage(file, unit, table.quoted(), staging, plans.getOrDefault(file, CsvReadPlan.NONE));
    }

    @Override
    public String recorded() {
        return recorded;
    }

    /** What {@code sniff_csv} found in a file: its columns and types, and its date and timestamp formats. */
    private record Sniff(Map<String, String> columns, String dateFormat, String timestampFormat) {
        /** The order-sensitive format a column of {@code type} was read with in this file, or null. */
        String sensitiveFormat(String type) {
            String format = "DATE".equals(type) ? dateFormat : "TIMESTAMP".equals(type) ? timestampFormat : null;
            return CsvDates.orderSensitive(format) ? format : null;
        }
    }

    /** What a file's sampled values say: a type per decimal column, evidence per date column. */
    private record Values(Map<String, String> decimals, Map<String, CsvDates.Evidence> dates) {
        static final Values NONE = new Values(Map.of(), Map.of());
    }

    static CsvRun plan(CsvFormat format, List<FileFormat.RunFile> files, SourceState state, Staging staging) throws SQLException, SourceException {
        Connection connection = staging.connection();
        CsvSampling sampling = format.sampling();
        Map<String, String> kept = CsvDateOrders.recorded(state);
        Map<FileFormat.RunFile, Sniff> sniffs = new LinkedHashMap<>();
        for (FileFormat.RunFile file : files) {
            Sniff sniff = sniff(connection, sampling.sniff(file.path()));
            if (sniff != null) {
                sniffs.put(file, sniff);
            }
        }
        // the run's date columns whose order is open, and whether each holds dates or timestamps
        Map<String, String> dateColumns = new LinkedHashMap<>();
        sniffs.values().forEach(sniff -> sniff.columns().forEach((name, type) -> {
            if (sniff.sensitiveFormat(type) != null && !sampling.declaresFormat(type)) {
                dateColumns.putIfAbsent(name, type);
            }
        }));
        kept.forEach((name, decision) -> {
            String type = decision.equals(CsvDateOrders.TEXT) || !(decision.contains("%H") || decision.contains("%I")) ? "DATE" : "TIMESTAMP";
            if (!sampling.declaresFormat(type)) {
                dateColumns.putIfAbsent(name, type);
            }
        });
        Map<FileFormat.RunFile, Values> values = new HashMap<>();
        for (Map.Entry<FileFormat.RunFile, Sniff> file : sniffs.entrySet()) {
            values.put(file.getKey(), values(sampling, connection, file.getKey().path(), file.getValue(), dateColumns, kept));
        }
        List<String> warnings = new ArrayList<>();
        Map<String, String> decisions = new LinkedHashMap<>(kept);
        for (Map.Entry<String, String> column : dateColumns.entrySet()) {
            String name = column.getKey();
            List<CsvDateOrders.Seen> seen = new ArrayList<>();
            sniffs.forEach((file, sniff) -> {
                CsvDates.Evidence evidence = values.get(file).dates().get(name);
                if (evidence != null) {
                    seen.add(new CsvDateOrders.Seen(file.label(), sniff.sensitiveFormat(sniff.columns().get(name)), evidence));
                }
            });
            String option = column.getValue().equals("DATE") ? "csv.date_format" : "csv.timestamp_format";
            String decision = CsvDateOrders.decide(name, kept.get(name), sampling.declared().get(name), option, seen, warnings);
            if (decision != null) {
                decisions.put(name, decision);
            }
        }
        Map<Path, CsvReadPlan> plans = new HashMap<>();
        sniffs.forEach((file, sniff) -> plans.put(file.path(), readPlan(file, sniff, values.get(file), dateColumns, decisions, warnings)));
        warnings.forEach(staging::warn);
        return new CsvRun(format, plans, CsvDateOrders.record(decisions));
    }

    private static Sniff sniff(Connection connection, String sniffCsv) {
        Map<String, String> columns = new LinkedHashMap<>();
        String dateFormat = null;
        String timestampFormat = null;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT DateFormat, TimestampFormat, unnest(Columns).name, unnest(Columns).type FROM " + sniffCsv)) {
            while (rs.next()) {
                dateFormat = rs.getString(1);
                timestampFormat = rs.getString(2);
                columns.put(rs.getString(3), rs.getString(4));
            }
        } catch (SQLException e) {
            return null; // the file's own read reports what is wrong with it
        }
        return columns.isEmpty() ? null : new Sniff(columns, dateFormat, timestampFormat);
    }

    /**
     * Measures the first rows of a file's decimal columns (sniffed DOUBLE, not declared) and of the
     * run's date columns it holds; a date column left ambiguous by them, and not decided by an
     * earlier run, is measured over the whole file.
     */
    private static Values values(CsvSampling sampling, Connection connection, Path file, Sniff sniff, Map<String, String> dateColumns,
                                 Map<String, String> kept) {
        List<String> decimals = new ArrayList<>();
        sniff.columns().forEach((name, type) -> {
            if (type.equals("DOUBLE") && !sampling.declared().containsKey(name)) {
                decimals.add(name);
            }
        });
        List<String> dates = new ArrayList<>();
        sniff.columns().forEach((name, type) -> {
            if (dateColumns.containsKey(name) && (type.equals("VARCHAR") || sniff.sensitiveFormat(type) != null)) {
                dates.add(name);
            }
        });
        if (decimals.isEmpty() && dates.isEmpty()) {
            return Values.NONE;
        }
        try {
            Values sample = measure(sampling, connection, file, decimals, dates, sampling.sampleRows());
            List<String> open = dates.stream().filter(d -> !kept.containsKey(d) && sample.dates().get(d).ambiguous()).toList();
            if (open.isEmpty()) {
                return sample;
            }
            Map<String, CsvDates.Evidence> evidence = new LinkedHashMap<>(sample.dates());
            evidence.putAll(measure(sampling, connection, file, List.of(), open, -1).dates());
            return new Values(sample.decimals(), evidence);
        } catch (SQLException e) {
            return Values.NONE; // read as the sniffer says; the file's own read reports what is wrong with it
        }
    }

    private static Values measure(CsvSampling sampling, Connection connection, Path file, List<String> decimals, List<String> dates, long rows)
            throws SQLException {
        List<String> aggregates = new ArrayList<>();
        Map<String, String> asText = new LinkedHashMap<>();
        for (String column : decimals) {
            aggregates.add(CsvNumbers.aggregates(column, sampling.decimalSeparator()));
            asText.put(column, "VARCHAR");
        }
        for (String column : dates) {
            aggregates.add(CsvDates.aggregates(column));
            asText.put(column, "VARCHAR");
        }
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, CsvDates.Evidence> evidence = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", aggregates) + " FROM " + sampling.read(file, asText, rows))) {
            rs.next();
            int at = 1;
            for (String column : decimals) {
                String type = CsvNumbers.type(rs, at);
                if (type != null && type.startsWith("DECIMAL")) {
                    types.put(column, type);
                }
                at += CsvNumbers.AGGREGATES;
            }
            for (String column : dates) {
                evidence.put(column, CsvDates.read(rs, at));
                at += CsvDates.AGGREGATES;
            }
        }
        return new Values(types, evidence);
    }

    /** A file's read: its decimals, its text date columns, and the date/timestamp format its open-order columns need. */
    private static CsvReadPlan readPlan(FileFormat.RunFile file, Sniff sniff, Values values, Map<String, String> dateColumns,
                                        Map<String, String> decisions, List<String> warnings) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> wanted = new HashMap<>(); // DATE or TIMESTAMP → the format this file is read with
        for (Map.Entry<String, String> column : dateColumns.entrySet()) {
            String name = column.getKey();
            String decision = decisions.get(name);
            String sniffed = sniff.columns().get(name);
            CsvDates.Evidence evidence = values.dates().get(name);
            if (decision == null || sniffed == null || evidence == null) {
                continue;
            }
            if (decision.equals(CsvDateOrders.TEXT)) {
                types.put(name, "VARCHAR");
                continue;
            }
            String own = sniff.sensitiveFormat(sniffed);
            if (own == null && !evidence.isDates()) {
                continue; // text that is no date: it stays text
            }
            String format = own != null ? CsvDates.oriented(own, CsvDates.dayFirst(decision)) : decision;
            String kind = column.getValue();
            String other = wanted.putIfAbsent(kind, format);
            if (other != null && !other.equals(format)) {
                // one format per file and kind: a second column wanting another order cannot be read as dates too
                types.put(name, "VARCHAR");
                wanted.put(kind, other);
                warnings.add("column " + name + " of " + file.label() + " was loaded as text: its dates are read " + decision
                        + ", but the file's other " + kind.toLowerCase(java.util.Locale.ROOT) + " columns " + other);
            }
        }
        String dateFormat = needed(wanted.get("DATE"), sniff.dateFormat());
        String timestampFormat = needed(wanted.get("TIMESTAMP"), sniff.timestampFormat());
        return new CsvReadPlan(types, dateFormat, timestampFormat, values.decimals());
    }

    /** The format to pass, or null when the sniffer will read the file with it anyway (an explicit one changes how it types other columns). */
    private static String needed(String wanted, String sniffedFormat) {
        return wanted == null || wanted.equals(sniffedFormat) ? null : wanted;
    }
}
