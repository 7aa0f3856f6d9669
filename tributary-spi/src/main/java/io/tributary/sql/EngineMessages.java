package io.tributary.sql;

import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns DuckDB's error messages into text for users: first line only, no error class, no absolute
 * paths; and, for errors of a run, what kind of problem it is in plain words and what to do. Never a
 * bare "Binder Error" or "TransactionContext Error".
 */
public final class EngineMessages {
    private static final Pattern ERROR_CLASS = Pattern.compile("^[A-Z][A-Za-z ]* Error: ");
    private static final Pattern ERROR_CATEGORY = Pattern.compile("^([A-Z][A-Za-z ]*?) Error: ");
    private static final Pattern QUOTED_FILE = Pattern.compile(" in file \"[^\"]*\",?");

    private EngineMessages() {}

    /**
     * DuckDB's reason, e.g. {@code Malformed JSON at byte 9 in record/value 3: unexpected character}.
     * {@code in file "/abs/path"} is dropped since the caller names the file as the user wrote it.
     */
    public static String reason(SQLException e) {
        String message = e.getMessage() == null ? "unknown error" : e.getMessage().strip();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        first = ERROR_CLASS.matcher(first).replaceFirst("");
        first = QUOTED_FILE.matcher(first).replaceAll("");
        first = first.strip();
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    /**
     * What went wrong, in plain words, and what to do: DuckDB's reason with its error class turned
     * into a sentence. {@code pipelineFile} is named where the fix is in the pipeline's YAML.
     */
    public static String explain(SQLException e, String pipelineFile) {
        String message = e.getMessage() == null ? "unknown error" : e.getMessage().strip();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        Matcher kind = ERROR_CATEGORY.matcher(first);
        String category = kind.find() ? kind.group(1).toLowerCase(Locale.ROOT) : "";
        String detail = ERROR_CATEGORY.matcher(first).replaceFirst("").strip();
        return switch (category) {
            case "binder", "catalog" -> "a column, table or function the pipeline names does not exist here: " + detail
                    + ". Check the names in transform and checks of " + pipelineFile;
            case "parser" -> "the SQL written in " + pipelineFile + " is not valid: " + detail;
            case "conversion", "invalid input" -> "a value could not be converted: " + detail
                    + ". Declare the column's type in the source, or cast it in transform (- cast: {...}) to reject such rows";
            case "out of memory" -> "DuckDB ran out of memory: " + detail
                    + ". Raise warehouse.memory_limit in tributary.yml (or give the machine more memory)";
            case "transactioncontext", "transaction" -> "another run changed the same table at the same moment: " + detail
                    + ". Nothing was published; run the pipeline again";
            case "io" -> "a file could not be read or written: " + detail + ". Check the path and its permissions, and the free disk space";
            case "constraint" -> "a value broke a rule of the table: " + detail;
            default -> detail;
        };
    }
}
