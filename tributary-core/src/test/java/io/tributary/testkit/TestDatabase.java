package io.tributary.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A uniquely named, empty database on the local PostgreSQL (127.0.0.1:5432, user postgres) or
 * MariaDB (127.0.0.1:3306, user root), dropped on {@link #close()}. Other tests reuse it:
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabase.postgres()) {
 *     db.execute("CREATE TABLE t (id int primary key)");
 *     project.file("tributary.yml", "name: test\n" + db.connectionsYaml("shop_db"));
 * }
 * }</pre>
 */
public final class TestDatabase implements AutoCloseable {
    public static final String PG_HOST = "127.0.0.1";

    private final String kind;
    private final String name;

    private TestDatabase(String kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    public static TestDatabase postgres() {
        return create("postgres");
    }

    public static TestDatabase mariadb() {
        return create("mariadb");
    }

    /** {@code postgres} or {@code mariadb}. */
    public static TestDatabase create(String kind) {
        String name = "trib_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = adminConnection(kind); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new AssertionError("cannot create the test database " + name + " on " + kind + ": " + e.getMessage(), e);
        }
        return new TestDatabase(kind, name);
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public int port() {
        return "postgres".equals(kind) ? 5432 : 3306;
    }

    public String user() {
        return "postgres".equals(kind) ? "postgres" : "root";
    }

    public String url() {
        return "postgres".equals(kind) ? "jdbc:postgresql://" + PG_HOST + ":5432/" + name
                : "jdbc:mariadb://" + PG_HOST + ":3306/" + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), "");
    }

    /** The {@code connections:} block of a tributary.yml naming this database {@code connection}. */
    public String connectionsYaml(String connection) {
        return "connections:\n" + connectionYaml(connection);
    }

    /** One entry for a {@code connections:} block. */
    public String connectionYaml(String connection) {
        return "  " + connection + ":\n    kind: " + kind + "\n    host: " + PG_HOST + "\n    port: " + port()
                + "\n    database: " + name + "\n    user: " + user() + "\n";
    }

    public void execute(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new AssertionError("statement failed on " + kind + " " + name + ": " + e.getMessage(), e);
        }
    }

    /** Rows of a query, each a column-label → value map. */
    public List<Map<String, Object>> rows(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError("query failed on " + kind + " " + name + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (Connection admin = adminConnection(kind); Statement statement = admin.createStatement()) {
            if ("postgres".equals(kind)) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } else {
                statement.execute("DROP DATABASE IF EXISTS " + name);
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot drop the test database " + name + ": " + e.getMessage(), e);
        }
    }

    private static Connection adminConnection(String kind) throws SQLException {
        return "postgres".equals(kind)
                ? DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":5432/postgres", "postgres", "")
                : DriverManager.getConnection("jdbc:mariadb://" + PG_HOST + ":3306/", "root", "");
    }
}
