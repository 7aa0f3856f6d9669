package io.tributary.models;

import io.tributary.config.Location;
import io.tributary.quality.CheckSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * One model: a {@code models/NAME.sql} file holding one SELECT, and its config (the file's
 * {@code -- tributary: {...}} line, or {@code models/NAME.yml} beside it).
 *
 * @param sql          the SELECT as written (comments and all)
 * @param selectLine   the line of the file where the SQL after the leading comments begins, for messages
 * @param uniqueKey    the columns an incremental model merges on (empty otherwise)
 * @param cursor       for an incremental model, the column whose newest value in the table bounds the rows merged next
 *                     time (only rows with {@code cursor >=} it), or null to merge every row the query yields
 * @param dependsOn    models or tables the model needs that its SQL does not show (a table read inside a function)
 * @param destination  the connection of the database the model is built in, or null for where its inputs are
 */
public record ModelSpec(String name, Path file, String sql, int selectLine, Materialization materialized, List<String> uniqueKey,
                        String cursor, List<String> dependsOn, List<CheckSpec> checks, String destination) {

    public Location location() {
        return new Location(file, selectLine, 1);
    }

    /** {@code models/daily.sql:3}: where a message points, as the user's project names the file. */
    public String at(int line) {
        Path shown = file.getParent() != null && file.getParent().getFileName() != null
                ? file.getParent().getFileName().resolve(file.getFileName()) : file;
        return shown.toString().replace('\\', '/') + ":" + line;
    }

    /** The line of the file on which {@code word} first appears in the SQL (as a whole word), else the SELECT's line. */
    public int lineOf(String word) {
        String[] lines = sql.split("\n", -1);
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("(?i)(?<![A-Za-z0-9_])" + java.util.regex.Pattern.quote(word)
                + "(?![A-Za-z0-9_])");
        for (int i = selectLine - 1; i < lines.length; i++) {
            String code = lines[i].contains("--") ? lines[i].substring(0, lines[i].indexOf("--")) : lines[i];
            if (pattern.matcher(code).find()) {
                return i + 1;
            }
        }
        return selectLine;
    }
}
