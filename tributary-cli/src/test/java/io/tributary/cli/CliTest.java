package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.app.RunService;
import io.tributary.cli.commands.Version;
import io.tributary.config.Secrets;
import io.tributary.error.ExitCode;
import io.tributary.metadata.NewRun;
import io.tributary.metadata.Owner;
import io.tributary.project.ProjectLoader;
import io.tributary.project.ProjectSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line as a user meets it, through {@link Cli#execute} with captured output: exit codes
 * (0 ok, 1 a run failed, 2 invalid input or usage), what each command prints, and what it must never print.
 */
class CliTest {
    @TempDir
    Path dir;

    /** What one command returned and printed. */
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        int code = Cli.execute(args, outWriter, errWriter, false);
        outWriter.flush();
        errWriter.flush();
        return new Result(code, out.toString(), err.toString());
    }

    private static Result ok(String... args) {
        Result result = cli(args);
        assertThat(result.code()).as("exit code of tributary %s; %s", String.join(" ", args), result).isZero();
        return result;
    }

    /** {@code tributary init DIR}: the example project with its one orders pipeline and four orders. */
    private Path initProject() {
        Path project = dir.resolve("shop");
        ok("init", project.toString());
        return project;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------
    // Usage

    @Test
    void versionNamesTheProgramItsVersionAndTheJavaRuntime() {
        Result result = ok("--version");
        assertThat(result.out()).contains("tributary " + Version.get()).contains("Java " + System.getProperty("java.version"));
        assertThat(Version.get()).as("the version Maven wrote into the build").isNotEqualTo("unknown").matches("\\d+\\.\\d+.*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"init", "validate", "run", "runs", "tables", "sql", "demo"})
    void everyCommandExplainsItselfWithHelp(String command) {
        Result result = ok(command, "--help");
        assertThat(result.out()).contains("Usage: tributary " + command).contains("-h, --help");
        assertThat(result.err()).isEmpty();
        assertThat(ok("help", command).out()).contains("Usage: tributary " + command);
    }

    @Test
    void theTopLevelHelpListsEveryCommandAndExamples() {
        Result result = ok("--help");
        assertThat(result.out()).contains("Usage: tributary", "-p, --project=DIR", "Examples:");
        for (String command : List.of("init", "validate", "run", "runs", "tables", "sql", "demo")) {
            assertThat(result.out()).containsPattern("(?m)^\\s+" + command + "\\s+\\S");
        }
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithExitCode2() {
        Result result = cli("frobnicate");
        assertThat(result.code()).as("%s", result).isEqualTo(2);
        assertThat(result.err()).contains("unknown command 'frobnicate'", "tributary --help");
        assertThat(result.out()).isEmpty();

        Result typo = cli("rnu", "orders");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown command 'rnu'. Did you mean 'run'?");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithExitCode2() {
        Result result = cli("run", "--everything");
        assertThat(result.code()).as("%s", result).isEqualTo(2);
        assertThat(result.err()).contains("unknown option '--everything'", "tributary run --help");

        Result prefix = cli("run", "--ful", "orders");
        assertThat(prefix.code()).isEqualTo(2);
        assertThat(prefix.err()).contains("Did you mean '--full-refresh'?");
    }

    // ---------------------------------------------------------------------------------------------
    // A project's life: init, validate, run, runs, tables, sql

    @Test
    void initCreatesAProjectThatValidatesRunsAndCanBeQueried() throws IOException {
        Path project = dir.resolve("shop");
        Result init = ok("init", project.toString());
        assertThat(init.out()).contains("Created a Tributary project in " + project.toAbsolutePath().normalize(), "tributary run orders");
        assertThat(project.resolve("tributary.yml")).exists();
        assertThat(project.resolve("pipelines/orders.yml")).exists();
        assertThat(project.resolve("data/orders/2026-01.csv")).exists();
        assertThat(Files.readString(project.resolve(".gitignore"))).contains(".tributary/", ".env");

        Result validate = ok("validate", "-p", project.toString());
        assertThat(validate.out()).contains("OK", "1 pipeline").containsPattern("orders\\s+csv files data/orders/\\*\\.csv -> orders \\(merge\\)");

        Result run = ok("run", "orders", "-p", project.toString());
        assertThat(run.out()).contains("run 1  orders", "1 file to read", "OK  orders -> orders: read 4, loaded 4, rejected 0");

        Result tables = ok("tables", "-p", project.toString());
        assertThat(tables.out()).containsPattern("(?m)^orders\\s+4\\s+6\\s").contains("warehouse: ");
        assertThat(tables.out()).as("Tributary's own tables are hidden without --all").doesNotContain("_tributary");
        assertThat(ok("tables", "--all", "-p", project.toString()).out()).contains("_tributary.runs", "_tributary.state");

        // A second export arrives, with a value holding a comma and quotes.
        write(project.resolve("data/orders/2026-02.csv"), "id,created_at,customer_email,total_price,status\n"
                + "1005,2026-02-01 10:00:00,dan@example.com,12.00,\"on hold, says \"\"call me\"\"\"\n"
                + "1002,2026-02-02 08:00:00,ben@example.com,17.00,shipped\n");
        Result second = ok("run", "orders", "-p", project.toString());
        assertThat(second.out()).contains("run 2  orders", "1 file to read, 1 already loaded", "read 2, loaded 2, rejected 0");

        Result runs = ok("runs", "-p", project.toString());
        List<String> runLines = runs.out().lines().toList();
        assertThat(runLines.get(0)).contains("RUN", "PIPELINE", "STATUS", "READ", "LOADED");
        assertThat(runLines.get(2)).as("newest first").containsPattern("^\\s*2\\s+orders\\s.*success\\s+2\\s+2\\s+0");
        assertThat(runLines.get(3)).containsPattern("^\\s*1\\s+orders\\s.*success\\s+4\\s+4\\s+0");
        assertThat(runLines).hasSize(4);

        Result table = ok("sql", "-p", project.toString(), "SELECT status, count(*) AS n, sum(total_cents) AS cents FROM orders GROUP BY ALL ORDER BY status");
        assertThat(table.out().lines().toList()).containsExactly(
                "status                   n  cents",
                "-----------------------  -  -----",
                "on hold, says \"call me\"  1   1200",
                "paid                     1   4250",
                "pending                  1    825",
                "refunded                 1   9990",
                "shipped                  1   1700",
                "(5 rows)");

        Result csv = ok("sql", "-p", project.toString(), "--format", "csv", "SELECT id, customer_email, total_price, status FROM orders ORDER BY id");
        assertThat(csv.out().lines().toList()).containsExactly(
                "id,customer_email,total_price,status",
                "1001,ana@example.com,42.50,paid",
                "1002,ben@example.com,17.00,shipped",
                "1003,ana@example.com,99.90,refunded",
                "1004,chloe@example.com,8.25,pending",
                "1005,dan@example.com,12.00,\"on hold, says \"\"call me\"\"\"");

        Result json = ok("sql", "-p", project.toString(), "-f", "json", "SELECT id, total_price, status, total_cents > 1000 AS big, NULL AS nothing "
                + "FROM orders WHERE id IN (1001, 1005) ORDER BY id");
        JsonNode rows = new ObjectMapper().readTree(json.out());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("id").isIntegralNumber()).isTrue();
        assertThat(rows.get(0).get("id").asLong()).isEqualTo(1001);
        assertThat(rows.get(0).get("total_price").isNumber()).isTrue();
        assertThat(rows.get(0).get("total_price").asDouble()).isEqualTo(42.5);
        assertThat(rows.get(0).get("big").isBoolean()).isTrue();
        assertThat(rows.get(0).get("big").asBoolean()).isTrue();
        assertThat(rows.get(0).get("nothing").isNull()).isTrue();
        assertThat(rows.get(1).get("status").asText()).isEqualTo("on hold, says \"call me\"");
    }

    @Test
    void statusShowsOpenAlertIncidentsAndAnAlertChannelWhoseLastDeliveryFailed() throws IOException {
        Path project = initProject();
        io.tributary.project.ProjectSpec spec = new io.tributary.project.ProjectLoader(io.tributary.spi.SourceRegistry.load(), java.util.Map.of()).load(project);
        try (io.tributary.app.RunService service = io.tributary.app.RunService.open(spec)) {
            java.time.Instant at = java.time.Instant.parse("2026-12-04T10:00:00Z");
            service.store().recordAlertDelivery("ops_slack", true, null, at);
            service.store().recordAlertDelivery("pager", false, "failed after 3 attempts: connection refused by 127.0.0.1:9", at);
            service.store().openIncident(new io.tributary.metadata.AlertIncident("orders", "failure", null, at, at, 3L,
                    "Pipeline orders failed: run 3 published nothing"));
        }

        Result status = cli("status", "-p", project.toString());

        assertThat(status.out()).contains("alert channel pager: its last delivery failed at 2026-12-04 10:00:00 UTC (1 failed, 0 delivered): "
                + "failed after 3 attempts: connection refused by 127.0.0.1:9; check it with: tributary alerts test pager");
        assertThat(status.out()).doesNotContain("alert channel ops_slack");
        assertThat(status.out()).contains("alert incident orders failure: open since 2026-12-04 10:00:00 UTC: Pipeline orders failed: run 3 published nothing");
    }

    @Test
    void aRunSaysHowManyBlankLinesItSkippedAndWhichRepeatedHeaderNamesItMadeUnique() throws IOException {
        Path project = initProject();
        write(project.resolve("pipelines/notes.yml"), "name: notes\nsource: {type: file, path: data/notes.csv}\nload: {table: notes}\n");
        write(project.resolve("data/notes.csv"), "c,c,c_2\n1,2,3\n\n4,5,6\n\n");

        Result run = ok("run", "notes", "-p", project.toString());

        assertThat(run.out()).contains("warning: data/notes.csv: repeated column names in the header were made unique: column 2 \"c\" is c_3",
                "OK  notes -> notes: read 2, loaded 2, rejected 0, skipped 2 blank lines");
        assertThat(run.out().split("repeated column names", -1)).as("the warning is printed once: %s", run.out()).hasSize(2);
        assertThat(ok("sql", "-p", project.toString(), "-f", "csv", "SELECT skipped_blank FROM _tributary.runs WHERE pipeline = 'notes'")
                .out().lines().toList()).containsExactly("skipped_blank", "2");
    }

    @Test
    void sqlInTableFormatShowsAtMostMaxRowsAndSaysHowManyThereWere() {
        Path project = initProject();
        ok("run", "orders", "-p", project.toString());
        Result result = ok("sql", "-p", project.toString(), "--max-rows", "2", "SELECT id FROM orders ORDER BY id");
        assertThat(result.out()).contains("1001", "1002", "(4 rows, first 2 shown)").doesNotContain("1003");
    }

    @Test
    void theProjectOptionMayStandBeforeOrAfterTheCommand() {
        Path project = initProject();
        assertThat(ok("-p", project.toString(), "run", "orders").out()).contains("OK  orders");
        assertThat(ok("--project", project.toString(), "sql", "SELECT count(*) AS n FROM orders").out()).contains("4");
        assertThat(ok("sql", "SELECT count(*) AS n FROM orders", "--project", project.toString()).out()).contains("4");
        assertThat(ok("-p", project.toString(), "runs").out()).contains("success");

        Result elsewhere = cli("-p", dir.resolve("nowhere").toString(), "validate");
        assertThat(elsewhere.code()).isEqualTo(2);
        assertThat(elsewhere.err()).contains("no tributary.yml in " + dir.resolve("nowhere"), "tributary init");
    }

    @Test
    void initIntoAnExistingProjectIsRefusedAndLeavesItAlone() throws IOException {
        Path project = initProject();
        write(project.resolve("tributary.yml"), "name: mine\n");
        Result again = cli("init", project.toString());
        assertThat(again.code()).as("%s", again).isEqualTo(2);
        assertThat(again.err()).contains("already exists", "tributary.yml");
        assertThat(Files.readString(project.resolve("tributary.yml"))).isEqualTo("name: mine\n");
    }

    @Test
    void validateListsEveryProblemWithFileLineAndColumnAndExits2() throws IOException {
        Path project = initProject();
        write(project.resolve("pipelines/orders.yml"), """
                name: orders
                source:
                  type: file
                  path: data/orders/*.csv
                load:
                  table: orders
                  mode: merge
                """);
        write(project.resolve("pipelines/customers.yml"), """
                name: customers
                source:
                  type: file
                  path: data/customers.csv
                  formt: csv
                load:
                  table: customers
                """);
        Result result = cli("validate", "-p", project.toString());
        assertThat(result.code()).as("%s", result).isEqualTo(2);
        assertThat(result.err()).contains("2 problems");
        assertThat(result.err()).containsPattern("pipelines[/\\\\]orders\\.yml:\\d+:\\d+\\s.*key");
        assertThat(result.err()).containsPattern("pipelines[/\\\\]customers\\.yml:5:\\d+\\s.*formt").contains("format");
        assertThat(result.out()).doesNotContain("OK");

        Result run = cli("run", "orders", "-p", project.toString());
        assertThat(run.code()).as("a run of an invalid project; %s", run).isEqualTo(2);
        assertThat(run.err()).contains("orders.yml:");
    }

    @Test
    void runningAnUnknownPipelineExits2AndSuggestsTheClosestName() {
        Path project = initProject();
        Result result = cli("run", "ordrs", "-p", project.toString());
        assertThat(result.code()).as("%s", result).isEqualTo(2);
        assertThat(result.err()).contains("no pipeline named 'ordrs'", "Did you mean 'orders'?");

        Result none = cli("run", "-p", project.toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--all", "orders");
    }

    @Test
    void aRunWhoseCheckFailsExits1SaysFailedAndPublishesNothing() throws IOException {
        Path project = initProject();
        ok("run", "orders", "-p", project.toString());
        write(project.resolve("data/orders/2026-02.csv"), "id,created_at,customer_email,total_price,status\n"
                + "1001,2026-02-01 10:00:00,ana@example.com,-5.00,refunded\n"
                + "1006,2026-02-01 11:00:00,eve@example.com,30.00,paid\n");

        Result failed = cli("run", "orders", "-p", project.toString());
        assertThat(failed.code()).as("%s", failed).isEqualTo(1);
        assertThat(failed.all()).contains("FAILED  orders (run 2)", "nothing published", "checks failed", "total_price");

        Result orders = ok("sql", "-p", project.toString(), "-f", "csv", "SELECT id, total_price FROM orders ORDER BY id");
        assertThat(orders.out().lines().toList()).as("the table as the first run left it")
                .containsExactly("id,total_price", "1001,42.50", "1002,17.00", "1003,99.90", "1004,8.25");
        assertThat(ok("runs", "-p", project.toString()).out().lines().toList().get(2)).containsPattern("^\\s*2\\s+orders\\s.*failed\\s.*checks failed");

        Result again = cli("run", "orders", "-p", project.toString());
        assertThat(again.code()).as("the file was not marked loaded, so the next run reads it again; %s", again).isEqualTo(1);
        assertThat(again.out()).contains("1 file to read, 1 already loaded");
    }

    @Test
    void sqlIsReadOnlyUnlessWriteIsGiven() {
        Path project = initProject();
        ok("run", "orders", "-p", project.toString());

        Result refused = cli("sql", "-p", project.toString(), "INSERT INTO orders (id, customer_email, total_price) VALUES (9, 'x@example.com', 1)");
        assertThat(refused.code()).as("%s", refused).isEqualTo(2);
        assertThat(refused.err()).contains("read-only", "--write");
        assertThat(ok("sql", "-p", project.toString(), "SELECT count(*) AS n FROM orders").out()).containsPattern("(?m)^\\s*4\\s*$");

        Result written = ok("sql", "-p", project.toString(), "--write", "DELETE FROM orders WHERE id = 1004");
        assertThat(written.out()).contains("OK, 1 rows changed");
        assertThat(ok("sql", "-p", project.toString(), "SELECT count(*) AS n FROM orders").out()).containsPattern("(?m)^\\s*3\\s*$");
    }

    @Test
    void aBrokenQueryExits2WithDuckDbsReason() {
        Path project = initProject();
        ok("run", "orders", "-p", project.toString());
        Result result = cli("sql", "-p", project.toString(), "SELECT nope FROM orders");
        assertThat(result.code()).as("%s", result).isEqualTo(2);
        assertThat(result.err()).contains("the query failed", "nope");
        assertThat(result.err()).doesNotContain("--write");
    }

    @Test
    void commandsThatReadTheWarehouseSayWhenThereIsNoneYet() {
        Path project = initProject();
        for (String command : List.of("runs", "tables")) {
            Result result = cli(command, "-p", project.toString());
            assertThat(result.code()).as("%s: %s", command, result).isEqualTo(0);
            assertThat(result.out()).as(command).contains("does not exist until the first run", "tributary run");
        }
        Result sql = cli("sql", "-p", project.toString(), "SELECT 1");
        assertThat(sql.code()).as("sql: %s", sql).isEqualTo(1);
        assertThat(sql.err()).contains("does not exist yet", "tributary run");
        assertThat(project.resolve(".tributary/warehouse.duckdb")).as("reading never creates the warehouse").doesNotExist();
    }

    @Test
    void aSecretFromTheDotEnvFileNeverAppearsInOutputErrorsOrRunHistory() throws IOException {
        String secret = "Zq8-vault-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        Path project = initProject();
        write(project.resolve(".env"), "# local secrets\nEXPORT_DIR=" + secret + "\n");
        write(project.resolve("pipelines/orders.yml"), """
                name: orders
                source:
                  type: file
                  path: "${env:EXPORT_DIR}/orders.csv"
                load:
                  table: orders
                """);

        Result validate = cli("validate", "-p", project.toString());
        Result run = cli("run", "orders", "-p", project.toString());
        Result runs = cli("runs", "-p", project.toString());
        Result history = cli("sql", "-p", project.toString(), "-f", "csv", "SELECT error FROM _tributary.runs");

        assertThat(validate.code()).as("%s", validate).isZero();
        assertThat(run.code()).as("the file does not exist: %s", run).isEqualTo(1);
        assertThat(run.all()).contains("FAILED", "file not found", Secrets.MASK + "/orders.csv");
        assertThat(runs.code()).isZero();
        assertThat(history.code()).isZero();
        assertThat(history.out()).contains("file not found");
        for (Result result : List.of(validate, run, runs, history)) {
            assertThat(result.all()).as("output that must not show the secret").doesNotContain(secret);
        }
    }

    @Test
    void theRunSummaryShowsEachRowChangingTransformStepAndTheFilteredAndExplodedTotalsWithoutWarnings() throws IOException {
        Path project = initProject();
        write(project.resolve("data/tagged.json"), "[{\"id\": 1, \"tags\": [\"a\", \"b\"]}, {\"id\": 2, \"tags\": [\"c\"]}, {\"id\": 3, \"tags\": []}]");
        write(project.resolve("pipelines/tagged.yml"), """
                name: tagged
                source: {type: file, path: data/tagged.json}
                transform:
                  - filter: "id <> 3"
                  - explode: {column: tags}
                load: {table: tagged}
                """);

        Result run = ok("run", "tagged", "-p", project.toString());

        assertThat(run.out()).contains("  transform[0] filter (tagged.yml:4:5): 1 of 3 rows filtered\n")
                .contains("  transform[1] explode (tagged.yml:5:5): 2 rows became 3 (1 added)\n")
                .contains("read 3, exploded +1, loaded 3, rejected 0, filtered 1")
                .doesNotContain("warning");
        List<String> runs = ok("runs", "tagged", "-p", project.toString()).out().lines().toList();
        assertThat(runs.get(0)).contains("FILTERED");
        assertThat(runs.get(2)).containsPattern(" 3 +3 +0 +1 ");
    }

    @Test
    void runsOfOnePipelineShowOnlyThatPipeline() throws IOException {
        Path project = initProject();
        write(project.resolve("data/customers.csv"), "id,email\n1,ana@example.com\n2,ben@example.com\n");
        write(project.resolve("pipelines/customers.yml"), """
                name: customers
                source:
                  type: file
                  path: data/customers.csv
                load:
                  table: customers
                  mode: replace
                """);
        ok("run", "orders", "customers", "-p", project.toString());
        ok("run", "customers", "-p", project.toString());

        List<String> all = ok("runs", "-p", project.toString()).out().lines().skip(2).toList();
        assertThat(all).hasSize(3);
        assertThat(all).filteredOn(l -> l.contains(" orders ")).hasSize(1);

        List<String> customers = ok("runs", "customers", "-p", project.toString()).out().lines().skip(2).toList();
        assertThat(customers).hasSize(2).allSatisfy(line -> assertThat(line).contains(" customers ").doesNotContain(" orders "));
        assertThat(customers.get(0).strip()).as("newest first").startsWith("3 ");

        assertThat(ok("runs", "-n", "1", "-p", project.toString()).out().lines().skip(2).toList()).hasSize(1);

        Result unknown = ok("runs", "nosuch", "-p", project.toString());
        assertThat(unknown.out()).contains("no runs yet of nosuch");
        assertThat(unknown.err()).contains("the project has no pipeline named 'nosuch'");
    }

    @Test
    void runAllWithParallel1RunsEveryPipelineInFileNameOrder() throws IOException {
        Path project = initProject();
        write(project.resolve("data/customers.csv"), "id,email\n1,ana@example.com\n");
        write(project.resolve("pipelines/customers.yml"), "name: customers\nsource: {type: file, path: data/customers.csv}\nload: {table: customers}\n");
        Result result = ok("run", "--all", "--parallel", "1", "-p", project.toString());
        String out = result.out();
        assertThat(out).contains("OK  customers -> customers: read 1", "OK  orders -> orders: read 4");
        assertThat(out.indexOf("OK  customers")).isLessThan(out.indexOf("OK  orders"));
        assertThat(Arrays.stream(out.split("\n")).filter(l -> l.startsWith("OK ")).count()).isEqualTo(2);
    }

    @Test
    void runAllInParallelPrefixesEachLineWithItsPipelineAndReportsEveryRunAsItEnds() throws IOException {
        Path project = initProject();
        write(project.resolve("data/customers.csv"), "id,email\n1,ana@example.com\n2,bo@example.com\n");
        write(project.resolve("pipelines/customers.yml"), "name: customers\nsource: {type: file, path: data/customers.csv}\nload: {table: customers}\n");
        Result result = ok("run", "--all", "--parallel", "2", "-p", project.toString());

        assertThat(result.out()).contains("[customers] run ", "[orders] run ", "[orders] 1 file to read",
                "OK  customers -> customers: read 2", "OK  orders -> orders: read 4");
        assertThat(ok("sql", "-f", "csv", "SELECT count(DISTINCT run_id) AS runs FROM _tributary.runs", "-p", project.toString()).out())
                .isEqualTo("runs\n2\n");
    }

    @Test
    void aPipelineHeldByAnotherRunIsSkippedAsBusyWithExitCode75AndShownInTheHistory() throws IOException {
        Path project = initProject();
        ok("run", "orders", "-p", project.toString());
        long holder;
        // Another run of this (live) process holds the pipeline, as a scheduled run would.
        ProjectSpec spec = ProjectLoader.standard().load(project);
        try (RunService service = RunService.open(spec)) {
            holder = service.store().startRun(new NewRun("orders", "orders", "merge", false, Owner.thisProcess()));
            assertThat(service.store().acquirePipeline("orders", holder, Owner.thisProcess())).isTrue();
        }

        Result busy = cli("run", "orders", "-p", project.toString());

        assertThat(busy.code()).as("%s", busy).isEqualTo(ExitCode.BUSY);
        assertThat(busy.out()).contains("BUSY  orders", "pipeline orders is busy: run " + holder + " is running it", "Nothing was read",
                "--wait");
        assertThat(ok("runs", "-p", project.toString()).out()).containsPattern("\\s3\\s+orders\\s.*skipped\\s");
    }

    @Test
    void aBrokenPipelineFileDoesNotHideTheHistoryTablesOrQueriesThatHelpToFixIt() throws IOException {
        Path project = initProject();
        assertThat(cli("run", "-p", project.toString(), "orders").code()).isZero();
        write(project.resolve("pipelines/orders.yml"), "name: orders\nsource: {type: file, path: data/orders/*.csv}\nlaod: {table: orders}\n");

        assertThat(cli("validate", "-p", project.toString()).code()).isEqualTo(2);
        assertThat(cli("run", "-p", project.toString(), "orders").code()).isEqualTo(2);

        Result runs = cli("runs", "-p", project.toString());
        assertThat(runs.code()).as("%s", runs).isZero();
        assertThat(runs.out()).contains("orders", "success");
        Result tables = cli("tables", "-p", project.toString());
        assertThat(tables.code()).as("%s", tables).isZero();
        assertThat(tables.out()).contains("orders");
        Result sql = cli("sql", "-p", project.toString(), "SELECT count(*) AS n FROM orders", "--format", "csv");
        assertThat(sql.code()).as("%s", sql).isZero();
        assertThat(sql.out()).isEqualTo("n\n4\n");
    }
}
