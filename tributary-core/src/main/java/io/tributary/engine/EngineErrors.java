package io.tributary.engine;

import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an error of the DuckDB engine into a message a user can act on: the phase it happened in,
 * what kind of problem it is in plain words, DuckDB's own explanation without its error class, and
 * what to do. Never a bare "Binder Error" or "TransactionContext Error".
 */
final class EngineErrors {
    private static final Pattern ERROR_CLASS = Pattern.compile("^([A-Z][A-Za-z ]*?) Error: ");

    private EngineErrors() {}

    /** {@code phase}: what went wrong, and what to do. */
    static String describe(String phase, SQLException e, String pipelineFile) {
        String message = e.getMessage() == null ? "unknown error" : e.getMessage().strip();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        Matcher kind = ERROR_CLASS.matcher(first);
        String category = kind.find() ? kind.group(1).toLowerCase(Locale.ROOT) : "";
        String detail = ERROR_CLASS.matcher(first).replaceFirst("").strip();
        String what = switch (category) {
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
        return phase + ": " + what;
    }
}
