package io.tributary.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The anchor for the {@code checks} benchmark case: the pipeline's checks written by hand as ONE
 * DuckDB query over the staged rows, the way a data engineer would write them without a tool.
 *
 * <p>Usage: {@code java -cp ... io.tributary.bench.ChecksAnchor FILE.csv}
 *
 * <p>Loads the CSV into an in-memory table first (untimed: Tributary's staging is not what this
 * case measures), then times the one query and prints, on stdout, {@code checks_s=<seconds>} and a
 * line per check with its failing count ({@code <name>=<count>}), which run.sh compares with the
 * failing counts Tributary stored for its run: a fast wrong anchor is not a result either.
 * The email pattern is the one Tributary's {@code pattern: {format: email}} uses, passed in by
 * run.sh as the system property {@code email.regex} so the two sides test the very same rule.
 */
public final class ChecksAnchor {

    private ChecksAnchor() {}

    public static void main(String[] args) throws SQLException {
        if (args.length != 1) {
            System.err.println("usage: ChecksAnchor FILE.csv");
            System.exit(2);
        }
        Path csv = Path.of(args[0]).toAbsolutePath();
        if (!Files.isRegularFile(csv)) {
            System.err.println("CSV file not found: " + csv);
            System.exit(2);
        }
        String email = System.getProperty("email.regex");
        if (email == null || email.isEmpty()) {
            System.err.println("the system property email.regex (Tributary's email pattern) is required");
            System.exit(2);
        }
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:"); Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE staged AS SELECT * FROM read_csv(" + DuckDbCsvAnchor.sqlString(csv.toString())
                    + ", types = {'total_price': 'DECIMAL(18,2)'})");
            String query = "SELECT"
                    + " count(*) - count(DISTINCT id) AS unique_id,"
                    + " count(*) FILTER (WHERE id IS NULL) AS not_null_id,"
                    + " count(*) FILTER (WHERE customer_email IS NULL) AS not_null_customer_email,"
                    + " count(*) FILTER (WHERE total_price IS NULL) AS not_null_total_price,"
                    + " count(*) FILTER (WHERE created_at IS NULL) AS not_null_created_at,"
                    + " count(*) FILTER (WHERE status IS NULL) AS not_null_status,"
                    + " count(*) FILTER (WHERE total_price < 0 OR total_price > 10000) AS range_total_price,"
                    + " count(*) FILTER (WHERE NOT regexp_full_match(customer_email, " + DuckDbCsvAnchor.sqlString(email) + ")) AS pattern_customer_email,"
                    + " count(*) FILTER (WHERE NOT regexp_full_match(country, '[A-Z]{2}')) AS pattern_country,"
                    + " count(*) FILTER (WHERE status NOT IN ('paid', 'shipped', 'delivered', 'pending', 'refunded', 'cancelled')) AS accepted_values_status,"
                    + " count(*) FILTER (WHERE NOT (created_at >= TIMESTAMP '2024-01-01')) AS expression_created_at,"
                    + " max(created_at) AS freshness_created_at"
                    + " FROM staged";
            long started = System.nanoTime();
            StringBuilder counts = new StringBuilder();
            try (ResultSet rs = st.executeQuery(query)) {
                rs.next();
                ResultSetMetaData meta = rs.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    counts.append(meta.getColumnLabel(i)).append('=').append(rs.getString(i)).append('\n');
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "checks_s=%.3f%n", seconds);
            System.out.print(counts);
        }
    }
}
