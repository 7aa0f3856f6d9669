package io.tributary.cli;

import static io.tributary.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tributary.cli.CliTest.Result;
import io.tributary.testkit.TestDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary assess} on the other kinds of source: an API resource through its pipeline (with
 * its credentials accepted or refused), MariaDB's tables, a file with rows its reader rejects.
 */
class AssessSourcesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "tok-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static JsonNode column(JsonNode table, String name) {
        return StreamSupport.stream(table.get("columns").spliterator(), false).filter(c -> c.get("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no column " + name + " in " + table));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** /contacts: 20 contacts, one updated every 5 minutes up to a minute ago, behind a bearer token. */
    private String startApi() throws IOException {
        Instant newest = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        StringBuilder body = new StringBuilder("[");
        for (int i = 1; i <= 20; i++) {
            body.append(i == 1 ? "" : ",").append("{\"id\":").append(i).append(",\"email\":\"c").append(i).append("@crm.test\",")
                    .append("\"status\":\"").append(i % 4 == 0 ? "lead" : "customer").append("\",\"updated_at\":\"")
                    .append(newest.minusSeconds(300L * (i - 1))).append("\"}");
        }
        byte[] page = body.append("]").toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/contacts", exchange -> {
            try (exchange) {
                if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    byte[] refused = "{\"error\":\"invalid token\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(401, refused.length);
                    exchange.getResponseBody().write(refused);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void apiPipeline(String url, String token) throws IOException {
        write(dir.resolve("tributary.yml"), "name: crm\n");
        write(dir.resolve("pipelines/contacts.yml"), """
                name: contacts
                source:
                  type: api
                  base_url: %s
                  endpoint: /contacts
                  auth: {type: bearer, token: "%s"}
                  retry: {max_attempts: 1}
                load: {table: contacts}
                """.formatted(url, token));
    }

    @Test
    void anApiResourceIsAssessedThroughItsPipeline() throws IOException {
        apiPipeline(startApi(), TOKEN);

        Result result = cli("assess", "contacts", "-p", dir.toString(), "--format", "json");

        assertThat(result.code()).as(result.toString()).isZero();
        JsonNode root = JSON.readTree(result.out());
        assertThat(root.get("kind").asText()).isEqualTo("api");
        assertThat(root.get("impact").asInt()).isEqualTo(6);
        assertThat(root.get("accessibility").get("reached").asBoolean()).isTrue();
        assertThat(root.get("accessibility").get("auth").asText()).isEqualTo("ok");
        JsonNode contacts = root.get("tables").get(0);
        assertThat(contacts.get("rows").asLong()).isEqualTo(20);
        assertThat(column(contacts, "email").get("pattern").asText()).isEqualTo("email");
        assertThat(column(contacts, "email").get("pattern_conformance_pct").asDouble()).isEqualTo(100.0);
        assertThat(contacts.get("change_frequency").get("median_interval_seconds").asLong()).isEqualTo(300);
        assertThat(contacts.get("plan").get("schedule").asText()).isEqualTo("*/15 * * * *");
        assertThat(contacts.get("plan").get("priority").asText()).isEqualTo("medium");
        assertThat(contacts.get("scores").get("timeliness").get("score").asInt()).isEqualTo(100);
        assertThat(contacts.get("plan").get("suggested_checks").asText())
                .contains("accepted_values: {column: status, values: [\"customer\", \"lead\"]}")
                .contains("freshness: {column: updated_at, max_age: 30m}");
        assertThat(Files.exists(dir.resolve(".tributary/warehouse.duckdb"))).as("no warehouse").isFalse();
        assertThat(result.all()).doesNotContain(TOKEN);
    }

    @Test
    void refusedCredentialsAreAnAuthFailureWithAccessibilityZero() throws IOException {
        apiPipeline(startApi(), "wrong-token");

        Result result = cli("assess", "contacts", "-p", dir.toString(), "--format", "json");

        assertThat(result.code()).as(result.toString()).isEqualTo(1);
        JsonNode root = JSON.readTree(result.out());
        assertThat(root.get("accessibility").get("reached").asBoolean()).isFalse();
        assertThat(root.get("accessibility").get("auth").asText()).isEqualTo("failed");
        assertThat(root.get("accessibility").get("error").asText()).contains("401");
        assertThat(root.get("scores").get("accessibility").get("score").asInt()).isZero();
        assertThat(result.all()).doesNotContain("wrong-token");
    }

    @Test
    void everyMariadbTableOfTheConnection() throws IOException {
        try (TestDatabase db = TestDatabase.mariadb()) {
            db.execute("CREATE TABLE products (product_id INT PRIMARY KEY, price DECIMAL(8,2), modified DATETIME)",
                    "INSERT INTO products VALUES (1, 9.50, '2026-01-01 00:00:00'), (2, -1.00, '2026-01-02 00:00:00'), (3, 3.25, '2026-01-03 00:00:00')",
                    "CREATE TABLE tags (name VARCHAR(20))", "INSERT INTO tags VALUES ('a'), ('a'), (NULL)");
            write(dir.resolve("tributary.yml"), "name: shop\n" + db.connectionsYaml("shop"));

            Result result = cli("assess", "--connection", "shop", "-p", dir.toString(), "--format", "json");

            assertThat(result.code()).as(result.toString()).isZero();
            JsonNode tables = JSON.readTree(result.out()).get("tables");
            assertThat(tables).hasSize(2);
            JsonNode products = tables.get(0);
            assertThat(products.get("table").asText()).isEqualTo(db.name() + ".products");
            assertThat(column(products, "price").get("negative_amounts").asLong()).isEqualTo(1);
            assertThat(products.get("change_frequency").get("median_interval_seconds").asLong()).isEqualTo(86_400);
            assertThat(products.get("plan").get("complexity_reasons").toString()).contains("2 tables");
            JsonNode tags = tables.get(1);
            assertThat(tags.get("key").asText()).as("no id column: the first").isEqualTo("name");
            assertThat(tags.get("duplicate_keys").asLong()).isEqualTo(1);
            assertThat(column(tags, "name").get("null_pct").asDouble()).isEqualTo(33.33);
        }
    }

    @Test
    void aWrongMariadbPasswordIsAnAuthFailure() throws Exception {
        String user = "trib_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", ""); Statement s = c.createStatement()) {
            s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'Right-Pass-1'");
            s.execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'Right-Pass-1'");
        }
        try {
            write(dir.resolve("tributary.yml"), "name: shop\nconnections:\n  crm: {kind: mariadb, host: 127.0.0.1, database: information_schema, user: "
                    + user + ", password: 'Wrong-Pass-2'}\n");

            Result result = cli("assess", "--connection", "crm", "-p", dir.toString());

            assertThat(result.code()).as(result.toString()).isEqualTo(1);
            assertThat(result.out()).contains("NOT REACHED").contains("authentication failed for user " + user).contains("(auth failed)")
                    .containsPattern("accessibility\\s+0\\s+not reached: ").doesNotContain("Wrong-Pass-2");
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", ""); Statement s = c.createStatement()) {
                s.execute("DROP USER IF EXISTS '" + user + "'@'%'");
                s.execute("DROP USER IF EXISTS '" + user + "'@'localhost'");
            }
        }
    }

    @Test
    void rowsTheReaderRejectsLowerAccuracy() throws IOException {
        write(dir.resolve("data/bad.csv"), "id,amount,name\n1,5,a\n2,6,b\n3,7,c,extra\n4,8,d\n");

        Result result = cli("assess", "--file", dir.resolve("data").toString());

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Table bad: 3 rows, 1 rejected by the reader")
                .containsPattern("accuracy\\s+90\\s+10\\.0% of values invalid: 1 row rejected by the reader")
                .contains("warning: rejected: ");
    }
    @Test
    void aMillionRowFileIsAssessedInSeconds() throws Exception {
        Path file = dir.resolve("data/events.csv");
        Files.createDirectories(file.getParent());
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT i AS event_id, 'u' || (i % 5000) || '@x.test' AS email, CASE WHEN i % 10 = 0 THEN NULL ELSE i % 700 END AS amount,"
                    + " TIMESTAMP '2026-01-01 00:00:00' + to_seconds(i) AS updated_at FROM range(1000000) t(i)) TO '" + file + "' (HEADER)");
        }

        long started = System.nanoTime();
        Result result = cli("assess", "--file", file.toString(), "--format", "json");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(millis).as("reading and profiling 1M rows").isLessThan(30_000);
        JsonNode events = JSON.readTree(result.out()).get("tables").get(0);
        assertThat(events.get("rows").asLong()).isEqualTo(1_000_000);
        assertThat(events.get("key").asText()).isEqualTo("event_id");
        assertThat(column(events, "amount").get("null_pct").asDouble()).isEqualTo(10.0);
        assertThat(events.get("change_frequency").get("median_interval_seconds").asLong()).isEqualTo(1);
        assertThat(events.get("plan").get("volume").asText()).isEqualTo("medium");
    }
    @Test
    void eachDataFileOfAFolderIsATableOfItsOwn() throws IOException {
        write(dir.resolve("exports/customers.csv"), "id,name\n1,Ann\n2,Bob\n");
        write(dir.resolve("exports/orders.json"), "[{\"order_id\": 1, \"total\": 10.5}, {\"order_id\": 2, \"total\": -3}]");
        write(dir.resolve("exports/notes.md"), "not data");

        Result result = cli("assess", "--file", "exports", "-p", dir.toString(), "--format", "json");

        assertThat(result.code()).as(result.toString()).isZero();
        JsonNode root = JSON.readTree(result.out());
        assertThat(root.get("subject").asText()).isEqualTo("file exports");
        JsonNode tables = root.get("tables");
        assertThat(tables).hasSize(2);
        assertThat(tables.get(0).get("table").asText()).isEqualTo("customers");
        assertThat(tables.get(1).get("table").asText()).isEqualTo("orders");
        assertThat(column(tables.get(1), "total").get("negative_amounts").asLong()).isEqualTo(1);
        assertThat(tables.get(0).get("plan").get("complexity_reasons").toString()).contains("2 tables");
    }
}
