package io.tributary.connectors.destination.mysql;

import io.tributary.connectors.destination.DestinationTypes;
import io.tributary.connectors.destination.TablePlan;

import io.tributary.sql.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What to tell a user when MySQL/MariaDB refused a value while the rows were loaded. The server
 * names only the column and a row number of what it received ({@code Data truncated for column 'ts'
 * at row 2}); DuckDB still holds the rows, so a query there finds the first value of that column
 * MySQL cannot hold (infinity, a year past 9999, NaN) and the row's key, and says what to do. Runs
 * only after a failure: a clean load pays nothing for it.
 */
final class MysqlRefusal {
    /** {@code column 'ts' at row 2}, {@code column `db`.`table`.`ts` at row 2}: the last name is the column. */
    private static final Pattern COLUMN = Pattern.compile("column ((?:[`'][^`']+[`']\\.?)+) at row \\d+");
    /** Columns named when the table has no key, to point at the row. */
    private static final int ROW_COLUMNS = 3;

    private MysqlRefusal() {}

    /**
     * A clearer exception than {@code refused}, or {@code refused} itself when the value cannot be found.
     *
     * @param key the table's key columns (may be empty)
     */
    static SQLException explain(SQLException refused, Connection engine, TablePlan.Load load, List<String> key, DestinationTypes types) {
        String column = column(refused.getMessage());
        String duckType = column == null ? null : load.duckTypes().get(column);
        if (duckType == null) {
            return refused;
        }
        String canonical = types.canonical(duckType);
        String c = "r." + Sql.ident(column);
        String unstorable = switch (canonical) {
            case "DATE", "TIMESTAMP" -> "NOT isfinite(" + c + ") OR year(" + c + ") < 1 OR year(" + c + ") > 9999";
            case "FLOAT", "DOUBLE" -> "isnan(" + c + ") OR isinf(" + c + ")";
            default -> null;
        };
        if (unstorable == null) {
            return refused;
        }
        List<String> identifying = key.isEmpty()
                ? load.duckTypes().keySet().stream().filter(n -> !n.equals(column)).limit(ROW_COLUMNS).toList() : key;
        String sql = "SELECT CAST(" + c + " AS VARCHAR)" + identifying.stream().map(k -> ", CAST(r." + Sql.ident(k) + " AS VARCHAR)")
                .collect(Collectors.joining()) + " FROM " + load.relation() + " AS r WHERE " + unstorable + " LIMIT 1";
        try (Statement statement = engine.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                return refused;
            }
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < identifying.size(); i++) {
                parts.add(identifying.get(i) + " " + rs.getString(i + 2));
            }
            String where = key.isEmpty() ? "the row with " + String.join(", ", parts) : String.join(", ", parts);
            String ddl = types.ddl(canonical).replaceAll("\\(.*\\)", "");
            String holds = canonical.equals("DOUBLE") || canonical.equals("FLOAT") ? "it has no NaN and no infinity"
                    : "it holds the years 1 to 9999 (MySQL guarantees 1000 to 9999) and no infinity";
            String valid = canonical.equals("DOUBLE") || canonical.equals("FLOAT") ? "NOT (isnan(" + column + ") OR isinf(" + column + "))"
                    : "isfinite(" + column + ") AND year(" + column + ") BETWEEN 1 AND 9999";
            return new SQLException("value " + rs.getString(1) + " of column " + column + " (" + where + ") has no MySQL/MariaDB " + ddl
                    + " equivalent: " + holds + ". Nothing was published. Decide what such values become in the pipeline, e.g. "
                    + "transform: - derive: {" + column + ": \"CASE WHEN " + valid + " THEN " + column + " END\"} (NULL instead), "
                    + "or load this table into DuckDB or PostgreSQL, which hold them", refused);
        } catch (SQLException e) {
            return refused; // the rows cannot be queried again: the server's own message is all there is
        }
    }

    static String column(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = COLUMN.matcher(message);
        if (!m.find()) {
            return null;
        }
        String[] names = m.group(1).split("[`']\\.?[`']?");
        String last = null;
        for (String name : names) {
            if (!name.isEmpty()) {
                last = name;
            }
        }
        return last;
    }
}
