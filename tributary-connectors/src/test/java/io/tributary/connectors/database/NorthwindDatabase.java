package io.tributary.connectors.database;

import io.tributary.testkit.Corpora;
import io.tributary.testkit.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.testkit.TestProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Northwind sample shop ({@code <repo>/../shared/corpora/northwind/db.json}) loaded into a fresh
 * PostgreSQL or MariaDB database with proper types and primary keys, for tests of database sources
 * and destinations:
 *
 * <pre>{@code
 * try (TestDatabase db = NorthwindDatabase.create("postgres")) { ... }
 * }</pre>
 *
 * The export's flaws are repaired the way the original database held them: the literal text
 * {@code "NULL"} becomes SQL NULL, and postal codes and phone numbers, written as numbers in some
 * records and as text in others, are text. {@code orders} gets an {@code updated_at} column
 * (timestamptz in PostgreSQL, datetime(6) in MariaDB) for incremental reads: three orders share each
 * value (so ties must be broken by key), one minute apart, each with a microsecond fraction.
 */
public final class NorthwindDatabase {
    public static final List<String> TABLES = List.of("categories", "customers", "orderdetails", "orders", "products", "shippers", "suppliers");
    /** The first order's updated_at; order n has {@code BASE + (n - 10248) / 3 minutes + 123456 µs}. */
    public static final OffsetDateTime BASE = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 123_456_000, ZoneOffset.UTC);

    private record Column(String name, String type) {}

    private static final Map<String, List<Column>> SCHEMA = new LinkedHashMap<>();

    static {
        SCHEMA.put("categories", List.of(new Column("id", "int"), new Column("name", "text"), new Column("description", "text")));
        SCHEMA.put("customers", List.of(new Column("id", "int"), new Column("customerKey", "key"), new Column("companyName", "text"),
                new Column("contactName", "text"), new Column("contactTitle", "text"), new Column("street", "text"), new Column("city", "text"),
                new Column("region", "text"), new Column("postalCode", "text"), new Column("country", "text"), new Column("phone", "text")));
        SCHEMA.put("orderdetails", List.of(new Column("id", "int"), new Column("orderId", "int"), new Column("productId", "int"),
                new Column("unitPrice", "money"), new Column("quantity", "int"), new Column("discount", "fraction")));
        SCHEMA.put("orders", List.of(new Column("id", "int"), new Column("customerId", "int"), new Column("customerKey", "key"),
                new Column("orderDate", "timestamp"), new Column("requiredDate", "timestamp"), new Column("shippedDate", "timestamp"),
                new Column("freight", "money"), new Column("shipName", "text"), new Column("shipStreet", "text"), new Column("shipCity", "text"),
                new Column("shipRegion", "text"), new Column("shipPostalCode", "text"), new Column("shipCountry", "text"),
                new Column("shipperId", "int"), new Column("updated_at", "updated")));
        SCHEMA.put("products", List.of(new Column("id", "int"), new Column("name", "text"), new Column("supplierId", "int"),
                new Column("categoryId", "int"), new Column("quantityPerUnit", "text"), new Column("unitPrice", "money"),
                new Column("unitsInStock", "int"), new Column("unitsOnOrder", "int"), new Column("reorderLevel", "int"),
                new Column("discontinued", "bool")));
        SCHEMA.put("shippers", List.of(new Column("id", "int"), new Column("companyName", "text"), new Column("phone", "text")));
        SCHEMA.put("suppliers", List.of(new Column("id", "int"), new Column("companyName", "text"), new Column("contactName", "text"),
                new Column("contactTitle", "text"), new Column("street", "text"), new Column("city", "text"), new Column("region", "text"),
                new Column("postalCode", "text"), new Column("country", "text"), new Column("phone", "text")));
    }

    private NorthwindDatabase() {}

    /** A new database ({@code postgres} or {@code mariadb}) holding Northwind. Close it to drop it. */
    public static TestDatabase create(String kind) {
        Corpora.folder("northwind"); // skips the test, before a database is made, when the corpus is not there
        TestDatabase db = TestDatabase.create(kind);
        try (Connection connection = db.connect()) {
            load(connection, "postgres".equals(kind));
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw new AssertionError("loading Northwind into " + kind + " failed: " + e.getMessage(), e);
        }
        return db;
    }

    /** The updated_at of an order as first loaded. */
    public static OffsetDateTime updatedAt(int orderId) {
        return BASE.plusMinutes((orderId - 10248) / 3);
    }

    private static void load(Connection connection, boolean postgres) throws SQLException {
        JsonNode data = json();
        String q = postgres ? "\"" : "`";
        for (Map.Entry<String, List<Column>> table : SCHEMA.entrySet()) {
            List<Column> columns = table.getValue();
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + table.getKey() + " (" + columns.stream()
                        .map(c -> q + c.name + q + " " + sqlType(c.type, postgres)).collect(Collectors.joining(", "))
                        + ", PRIMARY KEY (" + q + "id" + q + "))");
            }
            String insert = "INSERT INTO " + table.getKey() + " (" + columns.stream().map(c -> q + c.name + q).collect(Collectors.joining(", "))
                    + ") VALUES (" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                for (JsonNode record : data.get(table.getKey())) {
                    for (int i = 0; i < columns.size(); i++) {
                        Column column = columns.get(i);
                        Object value = column.type.equals("updated")
                                ? updatedAt(record.get("id").asInt()) : value(record.get(column.name), column.type);
                        if (value instanceof OffsetDateTime at && !postgres) {
                            value = at.toLocalDateTime();
                        }
                        statement.setObject(i + 1, value);
                    }
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
    }

    private static String sqlType(String type, boolean postgres) {
        return switch (type) {
            case "int" -> "integer";
            case "key" -> "varchar(10)";
            case "money" -> "numeric(10,2)";
            case "fraction" -> "numeric(4,2)";
            case "timestamp" -> postgres ? "timestamp" : "datetime(3)";
            case "updated" -> postgres ? "timestamptz NOT NULL" : "datetime(6) NOT NULL";
            case "bool" -> "boolean";
            default -> postgres ? "text" : "varchar(200)";
        };
    }

    private static Object value(JsonNode node, String type) {
        if (node == null || node.isNull() || "NULL".equals(node.asText())) {
            return null;
        }
        return switch (type) {
            case "int" -> node.asInt();
            case "money", "fraction" -> new BigDecimal(node.asText());
            case "timestamp" -> LocalDateTime.parse(node.asText().replace(' ', 'T'));
            case "bool" -> node.asBoolean();
            default -> node.asText();
        };
    }

    private static JsonNode json() {
        Path file = Corpora.folder("northwind").resolve("db.json");
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Northwind corpus " + file, e);
        }
    }

    /**
     * Asserts that a warehouse table holds exactly the source table's rows: same columns, same
     * values (compared as exact normal forms: decimals without trailing zeros, instants in UTC), row by
     * row in id order.
     */
    public static void assertSameRows(TestDatabase db, String sourceTable, TestProject project, String warehouseTable) {
        List<Map<String, String>> source;
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM " + sourceTable + " ORDER BY id")) {
            source = normalise(rs);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        List<Map<String, String>> warehouse = new ArrayList<>();
        for (Map<String, Object> row : project.rows("SELECT * FROM " + warehouseTable + " ORDER BY id")) {
            Map<String, String> out = new LinkedHashMap<>();
            row.forEach((k, v) -> out.put(k, normal(v)));
            warehouse.add(out);
        }
        assertThat(warehouse).as("rows of %s in the warehouse against %s in %s", warehouseTable, sourceTable, db.kind()).hasSameSizeAs(source);
        for (int i = 0; i < source.size(); i++) {
            assertThat(warehouse.get(i)).as("row %d of %s", i, warehouseTable).isEqualTo(source.get(i));
        }
    }

    private static List<Map<String, String>> normalise(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, String>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                boolean instant = meta.getColumnTypeName(i).toLowerCase(Locale.ROOT).equals("timestamptz");
                row.put(meta.getColumnLabel(i), normal(instant ? rs.getObject(i, OffsetDateTime.class) : rs.getObject(i)));
            }
            rows.add(row);
        }
        return rows;
    }

    static String normal(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal || value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            BigDecimal d = new BigDecimal(value.toString()).stripTrailingZeros();
            return d.signum() == 0 ? "0" : d.toPlainString();
        }
        if (value instanceof Timestamp ts) {
            return ts.toLocalDateTime().toString();
        }
        if (value instanceof OffsetDateTime at) {
            return at.toInstant().toString();
        }
        if (value instanceof Instant at) {
            return at.toString();
        }
        return value.toString();
    }
}
