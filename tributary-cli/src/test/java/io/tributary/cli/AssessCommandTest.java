package io.tributary.cli;

import static io.tributary.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.cli.CliTest.Result;
import io.tributary.testkit.Corpora;
import io.tributary.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary assess} end to end: Northwind's real flaws found in its exported files, a pipeline's
 * source assessed without loading anything, a PostgreSQL table, an unreachable connection scored 0
 * with the reason, usage errors, and suggested checks that {@code tributary validate} accepts as pasted.
 */
class AssessCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(Result result) throws IOException {
        return JSON.readTree(result.out());
    }

    private static JsonNode column(JsonNode table, String name) {
        return StreamSupport.stream(table.get("columns").spliterator(), false).filter(c -> c.get("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no column " + name + " in " + table));
    }

    /** Northwind's customers and orders, each table of db.json written to a file of its own. */
    private Path northwind(String table) throws IOException {
        Path db = Corpora.folder("northwind").resolve("db.json");
        JsonNode all = JSON.readTree(db.toFile());
        Path file = dir.resolve("data/" + table + ".json");
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), all.get(table));
        return file;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @Test
    void northwindCustomersLiteralNullRegionsAndMixedPostalCodesAreFound() throws IOException {
        Path file = northwind("customers");

        Result result = cli("assess", "--file", file.toString(), "--format", "json");

        assertThat(result.code()).as(result.toString()).isZero();
        JsonNode customers = json(result).get("tables").get(0);
        assertThat(customers.get("rows").asLong()).isEqualTo(91);
        assertThat(customers.get("key").asText()).isEqualTo("id");
        assertThat(customers.get("duplicate_keys").asLong()).isZero();
        JsonNode region = column(customers, "region");
        assertThat(region.get("null_like_text").asLong()).as("region's \"NULL\" strings").isEqualTo(60);
        assertThat(region.get("missing_pct").asDouble()).isEqualTo(65.93);
        assertThat(column(customers, "postalCode").get("mixed_types").asBoolean()).isTrue();
        JsonNode scores = customers.get("scores");
        // 61 missing cells ("NULL" ×60 in region, ×1 in postalCode) of 1001
        assertThat(scores.get("completeness").get("score").asInt()).isEqualTo(94);
        assertThat(scores.get("accuracy").get("score").asInt()).isEqualTo(94);
        assertThat(scores.get("accuracy").get("reason").asText()).contains("region 60 (\"NULL\"-like text)");
        assertThat(scores.get("consistency").get("score").asInt()).isEqualTo(90);
        assertThat(scores.get("consistency").get("reason").asText()).contains("mixed numbers and text in postalCode");
        assertThat(scores.get("timeliness").get("score").asInt()).isEqualTo(50);
        assertThat(scores.get("accessibility").get("score").asInt()).isEqualTo(100);
        assertThat(customers.get("plan").get("priority").asText()).as("a file: impact 4").isEqualTo("medium");
        assertThat(customers.get("plan").get("schedule").asText()).isEqualTo("0 2 * * *");
        assertThat(customers.get("plan").get("volume").asText()).isEqualTo("small");
    }

    @Test
    void northwindOrdersShippedDatesWithNullTextAreInvalidAndTheDataIsStale() throws IOException {
        Path file = northwind("orders");

        Result result = cli("assess", "--file", file.toString(), "--format", "json", "--impact", "9");

        assertThat(result.code()).as(result.toString()).isZero();
        JsonNode orders = json(result).get("tables").get(0);
        assertThat(orders.get("rows").asLong()).isEqualTo(830);
        JsonNode shipped = column(orders, "shippedDate");
        assertThat(shipped.get("type").asText()).as("\"NULL\" keeps it text").isEqualTo("VARCHAR");
        assertThat(shipped.get("null_like_text").asLong()).isEqualTo(21);
        assertThat(shipped.get("pattern").asText()).isEqualTo("iso_date");
        assertThat(shipped.get("pattern_conformance_pct").asDouble()).isEqualTo(97.47);
        assertThat(column(orders, "shipPostalCode").get("mixed_types").asBoolean()).isTrue();
        assertThat(column(orders, "orderDate").get("newest").asText()).startsWith("1998-05-06");
        JsonNode scores = orders.get("scores");
        assertThat(scores.get("accuracy").get("score").asInt()).isBetween(90, 96);
        assertThat(scores.get("accuracy").get("reason").asText()).contains("shippedDate 21");
        assertThat(scores.get("consistency").get("score").asInt()).isEqualTo(90);
        assertThat(scores.get("timeliness").get("score").asInt()).as("newest order from 1998").isZero();
        assertThat(orders.get("plan").get("priority").asText()).isEqualTo("high");
        assertThat(orders.get("plan").get("suggested_checks").asText()).contains("pattern: {column: shippedDate, format: iso_date}")
                .contains("max_failing: \"3%\"");
    }

    @Test
    void theTableOutputShowsProfileScoresPlanAndChecks() throws IOException {
        Path file = northwind("customers");

        Result result = cli("assess", "--file", file.toString());

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Table customers: 91 rows; key id: 0 duplicates")
                .containsPattern("region\\s+VARCHAR\\s+0\\.0 \\+60 \"NULL\"")
                .containsPattern("postalCode\\s+JSON \\(mixed\\)")
                .containsPattern("completeness\\s+94\\s+6\\.1% of cells missing; most in region")
                .containsPattern("consistency\\s+90\\s+mixed numbers and text in postalCode")
                .containsPattern("priority\\s+medium\\s+impact 4 \\(default for file\\)")
                .contains("Suggested checks (paste into the pipeline file):\nchecks:\n  - not_null: [id,");
    }

    @Test
    void suggestedChecksPassValidateWhenPastedIntoThePipeline() throws IOException {
        Path file = northwind("orders");
        write(dir.resolve("tributary.yml"), "name: nw\n");
        Result assessed = cli("assess", "--file", file.toString(), "--format", "json");
        String checks = json(assessed).get("tables").get(0).get("plan").get("suggested_checks").asText();

        write(dir.resolve("pipelines/orders.yml"), "name: orders\nsource: {type: file, path: data/orders.json}\nload: {table: orders}\n" + checks);
        Result validated = cli("validate", "-p", dir.toString());

        assertThat(validated.code()).as(validated + "\n--- checks\n" + checks).isZero();
    }

    @Test
    void aPipelineIsAssessedFromItsSourceWithoutLoadingIt() throws IOException {
        write(dir.resolve("tributary.yml"), "name: shop\n");
        StringBuilder csv = new StringBuilder("id,email,amount,updated_at\n");
        for (int i = 1; i <= 30; i++) {
            csv.append(i).append(',').append(i <= 3 ? "" : "u" + i + "@x.test").append(',').append(i == 30 ? -1 : i).append(",2026-01-01 00:")
                    .append(String.format("%02d", i)).append(":00\n");
        }
        write(dir.resolve("data/orders.csv"), csv.toString());
        write(dir.resolve("pipelines/orders.yml"), "name: orders\nsource: {type: file, path: data/orders.csv}\nload: {table: orders}\n");
        write(dir.resolve("pipelines/broken.yml"), "name: broken\nsource: {type: nope}\n");

        Result result = cli("assess", "orders", "-p", dir.toString(), "--format", "json");

        assertThat(result.code()).as(result.toString()).isZero();
        JsonNode root = json(result);
        assertThat(root.get("subject").asText()).isEqualTo("pipeline orders");
        JsonNode orders = root.get("tables").get(0);
        assertThat(orders.get("table").asText()).isEqualTo("orders");
        assertThat(column(orders, "email").get("null_pct").asDouble()).isEqualTo(10.0);
        assertThat(column(orders, "amount").get("negative_amounts").asLong()).isEqualTo(1);
        assertThat(orders.get("change_frequency").get("median_interval_seconds").asLong()).isEqualTo(60);
        assertThat(orders.get("plan").get("schedule").asText()).isEqualTo("*/15 * * * *");
        assertThat(Files.exists(dir.resolve(".tributary"))).as("no warehouse was created, no state written").isFalse();
        // and a run afterwards still loads every row: the assessment advanced nothing
        Files.delete(dir.resolve("pipelines/broken.yml"));
        Result run = cli("run", "orders", "-p", dir.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.all()).contains("loaded 30");
    }

    @Test
    void aMissingSourceFileIsNotReachedAndScoresZeroWithTheReason() throws IOException {
        write(dir.resolve("tributary.yml"), "name: shop\n");
        write(dir.resolve("pipelines/orders.yml"), "name: orders\nsource: {type: file, path: data/missing.csv}\nload: {table: orders}\n");

        Result result = cli("assess", "orders", "-p", dir.toString());

        assertThat(result.code()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("NOT REACHED").contains("missing.csv").containsPattern("accessibility\\s+0\\s+not reached: ");
    }

    @Test
    void aPostgresTableAndAllTablesOfTheConnection() throws IOException {
        try (TestDatabase db = TestDatabase.postgres()) {
            db.execute("CREATE TABLE customers (id int PRIMARY KEY, email text, updated_at timestamptz)",
                    "INSERT INTO customers SELECT i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'c' || i || '@shop.test' END,"
                            + " now() - i * interval '1 hour' FROM generate_series(1, 50) i",
                    "CREATE SCHEMA crm", "CREATE TABLE crm.notes (note_id int, body text)", "INSERT INTO crm.notes VALUES (1, 'a'), (1, 'b')");
            write(dir.resolve("tributary.yml"), "name: shop\n" + db.connectionsYaml("shop_db"));

            Result one = cli("assess", "--connection", "shop_db", "--table", "public.customers", "-p", dir.toString(), "--format", "json");

            assertThat(one.code()).as(one.toString()).isZero();
            JsonNode root = json(one);
            assertThat(root.get("kind").asText()).isEqualTo("database");
            assertThat(root.get("accessibility").get("reached").asBoolean()).isTrue();
            assertThat(root.get("accessibility").get("auth").asText()).isEqualTo("ok");
            JsonNode customers = root.get("tables").get(0);
            assertThat(customers.get("rows").asLong()).isEqualTo(50);
            assertThat(column(customers, "email").get("null_pct").asDouble()).isEqualTo(20.0);
            assertThat(column(customers, "email").get("pattern").asText()).isEqualTo("email");
            assertThat(customers.get("change_frequency").get("median_interval_seconds").asLong()).isEqualTo(3600);
            assertThat(customers.get("plan").get("schedule").asText()).isEqualTo("0 * * * *");
            assertThat(customers.get("plan").get("priority").asText()).as("a database: impact 7").isEqualTo("high");
            assertThat(customers.get("scores").get("timeliness").get("score").asInt()).isEqualTo(100);

            Result sampled = cli("assess", "--connection", "shop_db", "--table", "customers", "--sample", "20", "-p", dir.toString(),
                    "--format", "json");
            assertThat(sampled.code()).as(sampled.toString()).isZero();
            JsonNode first20 = json(sampled).get("tables").get(0);
            assertThat(first20.get("rows").asLong()).as("the table's count").isEqualTo(50);
            assertThat(first20.get("profiled_rows").asLong()).isEqualTo(20);
            assertThat(json(sampled).get("source").asText()).as("the extraction itself is bounded (LIMIT 20), not only the profiling")
                    .contains("a query");

            Result all = cli("assess", "--connection", "shop_db", "-p", dir.toString(), "--key", "id");
            assertThat(all.code()).as("--key names a column only customers has: " + all).isEqualTo(2);
            assertThat(all.err()).contains("--key id: table crm.notes has no such column");

            Result tables = cli("assess", "--connection", "shop_db", "-p", dir.toString());
            assertThat(tables.code()).as(tables.toString()).isZero();
            assertThat(tables.out()).contains("Table crm.notes: 2 rows; key note_id: 1 duplicate").contains("Table public.customers: 50 rows");
        }
    }

    @Test
    void anUnreachableConnectionScoresZeroAccessibilityWithTheReason() throws IOException {
        write(dir.resolve("tributary.yml"), "name: shop\nconnections:\n  gone: {kind: postgres, host: 127.0.0.1, port: 1, database: x, user: postgres}\n");

        Result result = cli("assess", "--connection", "gone", "-p", dir.toString(), "--format", "json");

        assertThat(result.code()).as(result.toString()).isEqualTo(1);
        JsonNode root = json(result);
        assertThat(root.get("accessibility").get("reached").asBoolean()).isFalse();
        assertThat(root.get("accessibility").get("error").asText()).isNotBlank();
        assertThat(root.get("scores").get("accessibility").get("score").asInt()).isZero();
        assertThat(root.get("scores").get("accessibility").get("reason").asText()).startsWith("not reached: ");
        assertThat(root.get("tables")).isEmpty();
    }

    @Test
    void usageErrorsExitTwoSayingWhatToDo() throws IOException {
        write(dir.resolve("tributary.yml"), "name: shop\n");

        Result nothing = cli("assess", "-p", dir.toString());
        Result impact = cli("assess", "--file", dir.resolve("tributary.yml").toString(), "--impact", "11");
        Result missing = cli("assess", "--file", dir.resolve("nope.csv").toString());
        Result table = cli("assess", "--table", "x", "-p", dir.toString(), "--file", "y");

        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err()).contains("say what to assess: a PIPELINE, --file PATH or --connection NAME");
        assertThat(impact.code()).isEqualTo(2);
        assertThat(impact.err()).contains("--impact 11 is out of range");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file or folder");
        assertThat(table.code()).isEqualTo(2);
        assertThat(table.err()).contains("--table needs --connection");
    }
}
