package io.tributary.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The anchor for the {@code csv} benchmark case: DuckDB loading the CSV by itself.
 *
 * <p>Usage: {@code java -cp ... io.tributary.bench.DuckDbCsvAnchor FILE.csv OUT.duckdb|:memory:}
 *
 * <p>Opens a fresh DuckDB database file (which must not exist yet), runs {@code CREATE TABLE
 * orders AS SELECT * FROM read_csv('FILE.csv')}, prints the number of rows in {@code orders} on
 * stdout and closes the database (which checkpoints it to disk). run.sh times this whole process.
 * With {@code :memory:} the table is built in memory only: the floor of reading the file into DuckDB
 * (the {@code pg_dest} case's floor).
 */
public final class DuckDbCsvAnchor {

    private DuckDbCsvAnchor() {}

    public static void main(String[] args) throws SQLException {
        if (args.length != 2) {
            System.err.println("usage: DuckDbCsvAnchor FILE.csv OUT.duckdb");
            System.exit(2);
        }
        Path csv = Path.of(args[0]).toAbsolutePath();
        boolean inMemory = ":memory:".equals(args[1]);
        Path db = inMemory ? null : Path.of(args[1]).toAbsolutePath();
        if (!Files.isRegularFile(csv)) {
            System.err.println("CSV file not found: " + csv);
            System.exit(2);
        }
        if (db != null && (Files.exists(db) || Files.exists(Path.of(db + ".wal")))) {
            System.err.println("database file already exists (the anchor needs a fresh one): " + db);
            System.exit(2);
        }
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:" + (inMemory ? "" : db.toString()));
                Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE orders AS SELECT * FROM read_csv(" + sqlString(csv.toString()) + ")");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
                rs.next();
                System.out.println(rs.getLong(1));
            }
        }
    }

    static String sqlString(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
