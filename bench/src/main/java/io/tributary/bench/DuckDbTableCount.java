package io.tributary.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Untimed sanity check used by run.sh after the timed runs: prints the row count of a table in a
 * DuckDB database file, so a benchmark that "finished fast" because it loaded nothing is caught.
 *
 * <p>Usage: {@code java -cp ... io.tributary.bench.DuckDbTableCount DB.duckdb TABLE}
 *
 * <p>The table is looked up by name in every schema of the database (the warehouse may not put it
 * in {@code main}). Prints {@code <count>} on stdout; exits 1 if the table is missing or exists in
 * more than one schema.
 */
public final class DuckDbTableCount {

    private DuckDbTableCount() {}

    public static void main(String[] args) throws SQLException {
        if (args.length != 2) {
            System.err.println("usage: DuckDbTableCount DB.duckdb TABLE");
            System.exit(2);
        }
        Path db = Path.of(args[0]).toAbsolutePath();
        String table = args[1];
        if (!Files.isRegularFile(db)) {
            System.err.println("database file not found: " + db);
            System.exit(1);
        }
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:" + db, props)) {
            List<String> schemas = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT table_schema FROM information_schema.tables"
                            + " WHERE table_catalog = current_database() AND table_name = ? ORDER BY 1")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        schemas.add(rs.getString(1));
                    }
                }
            }
            if (schemas.size() != 1) {
                System.err.println(schemas.isEmpty()
                        ? "no table named '" + table + "' in " + db
                        : "table '" + table + "' exists in several schemas " + schemas + " of " + db);
                System.exit(1);
            }
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT count(*) FROM " + ident(schemas.get(0)) + "." + ident(table))) {
                rs.next();
                System.out.println(rs.getLong(1));
            }
        }
    }

    private static String ident(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
