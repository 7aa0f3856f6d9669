package io.tributary.connectors.file;

import io.tributary.spi.SourceException;
import io.tributary.spi.SourceState;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One day/month order per date column of a pipeline. DuckDB's sniffer decides the order per file,
 * so {@code 2/3/2024} could be 2 March in one file and 3 February in the next. Here it is decided
 * over every file of the run, and kept with each file's state so later runs read the column the same
 * way. When no value decides it (every day and month ≤ 12), or files disagree, the column is loaded
 * as text with a warning rather than guessed, and stays text.
 */
final class CsvDateOrders {
    /** The decision for a column read as text. */
    static final String TEXT = "text";
    /** The key of the decisions in a file's state ({@code sha256=…;size=…;mtime=…;csv_date_formats=…}). */
    private static final String STATE_KEY = "csv_date_formats=";

    private CsvDateOrders() {}

    /** What one file showed of a column: the format its sniff found (null when it read text) and the values' evidence. */
    record Seen(String file, String format, CsvDates.Evidence evidence) {}

    /** The decisions earlier runs kept: column → format (such as {@code %m/%d/%Y}) or {@link #TEXT}. */
    static Map<String, String> recorded(SourceState state) {
        Map<String, String> decisions = new LinkedHashMap<>();
        for (String value : state.values().values()) {
            for (String part : value.split(";")) {
                if (!part.startsWith(STATE_KEY)) {
                    continue;
                }
                for (String entry : part.substring(STATE_KEY.length()).split(",")) {
                    int colon = entry.indexOf(':');
                    if (colon > 0) {
                        decisions.putIfAbsent(decode(entry.substring(0, colon)), decode(entry.substring(colon + 1)));
                    }
                }
            }
        }
        return decisions;
    }

    /** The decisions as a part of a file's state, or "" for none. */
    static String record(Map<String, String> decisions) {
        if (decisions.isEmpty()) {
            return "";
        }
        return ";" + STATE_KEY + decisions.entrySet().stream().map(e -> encode(e.getKey()) + ":" + encode(e.getValue()))
                .collect(Collectors.joining(","));
    }

    /**
     * The format column {@code column} is read with in this run, {@link #TEXT}, or null when no file
     * has a value in it. {@code option} names the key that would settle it ({@code csv.date_format}).
     * Undecidable orders become text with a warning; a declared DATE/TIMESTAMP type cannot, and a file
     * contradicting the kept order would load wrong dates: both fail the run.
     */
    static String decide(String column, String kept, String declaredType, String option, List<Seen> seen, List<String> warnings)
            throws SourceException {
        List<Seen> dayFirst = seen.stream().filter(s -> s.evidence().forcesDayFirst()).toList();
        List<Seen> monthFirst = seen.stream().filter(s -> s.evidence().forcesMonthFirst()).toList();
        if (kept != null) {
            if (kept.equals(TEXT)) {
                return TEXT;
            }
            boolean keptDayFirst = CsvDates.dayFirst(kept);
            List<Seen> against = keptDayFirst ? monthFirst : dayFirst;
            if (!against.isEmpty()) {
                Seen file = against.get(0);
                throw new SourceException(file.file() + " has " + CsvDates.order(!keptDayFirst) + " dates in column " + column + " ("
                        + file.evidence().example(!keptDayFirst) + "), but this pipeline reads that column " + CsvDates.order(keptDayFirst)
                        + " (" + kept + "), as decided when such dates were first loaded. Nothing was published. Fix the export, or set "
                        + option + " and run once with --full-refresh to read every file with it.");
            }
            return kept;
        }
        String format = seen.stream().map(Seen::format).filter(f -> f != null).findFirst().orElse(null);
        if (format == null) {
            return null;
        }
        String hint = option + " (\"" + CsvDates.oriented(format, false) + "\" or \"" + CsvDates.oriented(format, true) + "\")";
        String problem;
        if (!dayFirst.isEmpty() && !monthFirst.isEmpty()) {
            problem = monthFirst.get(0).file() + " has month-first dates (" + monthFirst.get(0).evidence().example(false) + ") and "
                    + dayFirst.get(0).file() + " day-first ones (" + dayFirst.get(0).evidence().example(true) + ")";
        } else if (!dayFirst.isEmpty() || !monthFirst.isEmpty()) {
            return CsvDates.oriented(format, !dayFirst.isEmpty());
        } else {
            List<Seen> ambiguous = seen.stream().filter(s -> s.evidence().ambiguous()).toList();
            if (ambiguous.isEmpty()) {
                return null;
            }
            problem = "every date in " + files(ambiguous) + " reads both day first and month first (such as "
                    + ambiguous.get(0).evidence().example() + ")";
        }
        if (declaredType != null) {
            throw new SourceException("column " + column + " is declared " + declaredType + " in csv.columns, but " + problem
                    + ". Nothing was published. Set " + hint + " to say which.");
        }
        warnings.add("column " + column + ": " + problem + ", so it was loaded as text, and will be in later runs. To load dates, set "
                + hint + " and run once with --full-refresh.");
        return TEXT;
    }

    private static String files(List<Seen> seen) {
        String names = seen.stream().limit(3).map(Seen::file).collect(Collectors.joining(", "));
        return seen.size() > 3 ? names + " and " + (seen.size() - 3) + " more files" : names;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
