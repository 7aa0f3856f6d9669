package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of principle 3: killing the process at any instant and running again gives the same
 * warehouse as one clean run. The real program runs as its own JVM and is SIGKILLed at moments spread
 * over a measured clean run (JVM start, planning, staging a file, transform/check/publish, the instant
 * the publish commit hits the write-ahead log, after the commit, after the exit), sometimes twice in a
 * row; then it runs again to completion, and the destination table (every row, hashed), its columns,
 * the source state, the load records and the published run's rejected rows must equal the clean run's,
 * with no staging table left, the killed runs marked abandoned and exactly one run that published.
 *
 * <p>Kills are anchored on the program's output (and on the write-ahead log), not on the clock alone, so
 * they land in the intended step even when JVM start-up time varies on a busy machine. The append
 * scenario is the sharp one: merging is idempotent, but appending a batch whose state was not
 * committed with it duplicates it on the next run. Checked by mutation: with the publish committing
 * the data before the state, the append scenario fails at the commit-anchored kill (600,000 rows
 * instead of 360,000: the batch loaded twice).
 */
class KillAndRerunTest {
    /** Rows per CSV file; sized so that a clean run takes a few seconds on a 2-core machine. */
    private static final int ROWS = 150_000;
    private static final String STAGE_TABLES = "SELECT count(*) FROM duckdb_tables() WHERE starts_with(table_name, '_tributary_stage_')";

    @TempDir
    Path work;

    @Test
    @Timeout(300)
    void aMergeRunKilledAtAnyInstantAndRunAgainLeavesTheSameWarehouseAsOneCleanRun() throws Exception {
        exercise(new MergeScenario(work.resolve("merge")));
    }

    @Test
    @Timeout(300)
    void anAppendRunOfNewlyAddedFilesKilledAtAnyInstantAndRunAgainLoadsEveryRowExactlyOnce() throws Exception {
        exercise(new AppendScenario(work.resolve("append")));
    }

    // ---------------------------------------------------------------------------------------------
    // The procedure

    private void exercise(Scenario scenario) throws Exception {
        long testStarted = System.nanoTime();
        Path template = scenario.root.resolve("template");
        scenario.prepare(template);

        Path cleanDir = copy(template, scenario.root.resolve("clean"));
        CliProcess clean = scenario.start(cleanDir, "clean");
        assertThat(clean.waitFor(120)).as("the clean run's exit code; its output:\n%s", clean.output()).isZero();
        Timeline timeline = Timeline.of(clean, scenario.newFiles());
        Snapshot expected = Snapshot.of(cleanDir, scenario);
        List<Run> cleanRuns = expected.runs;
        scenario.checkAgainstOracle(expected);
        assertThat(cleanRuns).as("runs of the clean warehouse").hasSize(scenario.baseRuns() + 1);
        Run cleanPublish = cleanRuns.get(cleanRuns.size() - 1);
        assertThat(cleanPublish.status()).isEqualTo("success");
        assertThat(cleanPublish.read()).as("read = loaded + rejected").isEqualTo(cleanPublish.loaded() + cleanPublish.rejected());
        log("%s: clean run took %d ms: %s", scenario.name(), timeline.exit(), timeline);
        log("%s: clean warehouse: %,d rows, digest %s, %d state entries, %d rejected", scenario.name(), expected.rows,
                expected.digest, expected.state.size(), expected.rejected.size());

        List<KillPoint> points = killPoints(timeline, scenario.newFiles(), scenario.plan());
        log("%s: %d kill points:%n  %s", scenario.name(), points.size(), String.join("\n  ", points.stream().map(KillPoint::toString).toList()));
        int abandoned = 0;
        int committedBeforeKill = 0;
        List<String> summary = new ArrayList<>();
        List<String> reachedSteps = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            long pointStarted = System.nanoTime();
            KillPoint point = points.get(i);
            Path dir = copy(template, scenario.root.resolve("kill-" + i));
            List<String> reached = new ArrayList<>();
            List<Long> killedRunIds = new ArrayList<>();
            long committedRun = -1;
            for (int k = 0; k < point.kills().size(); k++) {
                Kill kill = point.kills().get(k);
                CliProcess killed = scenario.start(dir, "kill-" + i + "-" + k);
                if (kill.afterExit()) {
                    killed.waitFor(120);
                }
                long at = kill.onWrite()
                        ? killed.killOnWrite(kill.prefix(), kill.occurrence(), List.of(Path.of(warehouse(dir) + ".wal")))
                        : killed.killAfter(kill.prefix(), kill.occurrence(), kill.delay());
                String step = at < 0 ? "exited by itself at " + killed.exitedMillis() + " ms" : reached(killed, scenario.newFiles());
                reachedSteps.add(step);
                reached.add(at < 0 ? step : "killed at " + at + " ms: " + step);
                CliProcess.Line started = killed.first("run ");
                if (started != null) {
                    killedRunIds.add(Long.parseLong(started.text().split("\\s+")[1]));
                    if (killed.first("OK ") != null) {
                        committedRun = killedRunIds.get(killedRunIds.size() - 1);
                    }
                }
            }
            long killsDone = System.nanoTime();
            CliProcess rerun = scenario.start(dir, "rerun-" + i);
            int exit = rerun.waitFor(120);
            long rerunDone = System.nanoTime();
            String context = scenario.name() + " kill point " + i + " " + point + " (" + String.join("; ", reached) + "), rerun output:\n"
                    + rerun.output();
            assertThat(exit).as("exit code of the rerun after %s", context).isZero();

            Snapshot actual = Snapshot.of(dir, scenario);
            List<Run> runs = actual.runs;
            List<Run> newRuns = runs.subList(scenario.baseRuns(), runs.size());
            String outcome = String.join(", ", newRuns.stream().map(Run::toString).toList());
            String line = String.format(Locale.ROOT, "%2d %-34s %-75s -> runs %s%s  [kills %d ms, rerun %d ms, check %d ms]", i, point,
                    String.join("; ", reached), outcome,
                    actual.rejectedByUnpublishedRuns == 0 ? "" : ", " + actual.rejectedByUnpublishedRuns + " rejected rows of unpublished runs kept",
                    (killsDone - pointStarted) / 1_000_000, (rerunDone - killsDone) / 1_000_000, (System.nanoTime() - rerunDone) / 1_000_000);
            log("%s %s", scenario.name(), line);
            summary.add(line);

            assertThat(actual.stageTables).as("staging tables left after %s", context).isZero();
            assertThat(actual.tables).as("tables in the warehouse after %s", context).isEqualTo(expected.tables);
            assertThat(actual.columns).as("columns of %s after %s", scenario.table(), context).isEqualTo(expected.columns);
            assertThat(actual.rows).as("row count after %s", context).isEqualTo(expected.rows);
            assertThat(actual.distinctKeys).as("distinct keys after %s", context).isEqualTo(expected.distinctKeys);
            if (!actual.digest.equals(expected.digest)) {
                throw new AssertionError("the rows differ from the clean run's after " + context + "\n" + difference(dir, cleanDir, scenario.table()));
            }
            assertThat(actual.state).as("source state after %s", context).isEqualTo(expected.state);
            assertThat(actual.loads).as("load records (one per publish) after %s", context).isEqualTo(expected.loads);
            assertThat(actual.rejected).as("rejected rows of the published runs after %s", context).isEqualTo(expected.rejected);

            assertThat(newRuns).as("runs after %s", context).extracting(Run::status).doesNotContain("running", "failed");
            assertThat(newRuns.get(newRuns.size() - 1).status()).as("the rerun's status after %s", context).isEqualTo("success");
            List<Run> published = newRuns.stream().filter(r -> r.status().equals("success") && r.units() > 0).toList();
            assertThat(published).as("runs that published, after %s", context).hasSize(1);
            Run publish = published.get(0);
            assertThat(List.of(publish.read(), publish.loaded(), publish.rejected(), publish.units()))
                    .as("read, loaded, rejected and files of the publishing run after %s", context)
                    .isEqualTo(List.of(cleanPublish.read(), cleanPublish.loaded(), cleanPublish.rejected(), cleanPublish.units()));
            for (Run run : newRuns) {
                if (run.status().equals("abandoned")) {
                    assertThat(run.error()).as("why run %d was abandoned", run.runId()).contains("killed or crashed", "nothing of it was published");
                    assertThat(run.runId()).as("an abandoned run comes before the publishing one, after %s", context).isLessThan(publish.runId());
                } else if (run != publish) {
                    assertThat(run.read()).as("a run after the publishing one finds nothing new (%s), after %s", run, context).isZero();
                    assertThat(run.runId()).as("a successful run that loaded nothing comes after the publishing one, after %s", context)
                            .isGreaterThan(publish.runId());
                }
            }
            for (long killedRun : killedRunIds) {
                Run run = newRuns.stream().filter(r -> r.runId() == killedRun).findFirst().orElseThrow(
                        () -> new AssertionError("killed run " + killedRun + " is missing from the run history after " + context));
                assertThat(run.status()).as("status of killed run %d after %s", killedRun, context).isIn("abandoned", "success");
                if (run.status().equals("abandoned")) {
                    abandoned++;
                } else {
                    committedBeforeKill++;
                }
            }
            if (committedRun >= 0) {
                assertThat(publish.runId()).as("the killed run that printed OK is the one that published, after %s", context)
                        .isEqualTo(committedRun);
            }
            deleteTree(dir);
        }
        log("%s summary: kill point, what the killed process had reached, runs after the rerun:%n%s", scenario.name(), String.join("\n", summary));
        log("%s: %d killed runs abandoned, %d committed before their kill; %d ms in all", scenario.name(), abandoned, committedBeforeKill,
                (System.nanoTime() - testStarted) / 1_000_000);
        assertThat(abandoned).as("kills that interrupted a run in progress (else this test proves nothing)").isGreaterThanOrEqualTo(points.size() / 3);
        assertThat(committedBeforeKill).as("kills that came after a run's commit").isGreaterThanOrEqualTo(1);
        assertThat(String.join("\n", reachedSteps)).as("the steps the kills interrupted").contains("JVM start", "staging file", "transform/check/publish");
    }

    /** How far a killed process had got, read from what it printed. */
    private static String reached(CliProcess killed, int files) {
        List<CliProcess.Line> lines = killed.lines();
        if (lines.isEmpty()) {
            return "JVM start (nothing printed)";
        }
        if (killed.first("OK ") != null) {
            return "committed (OK printed), exiting";
        }
        if (killed.first("run ") == null) {
            return "starting, last printed: " + lines.get(lines.size() - 1).text();
        }
        if (lines.stream().noneMatch(l -> l.text().contains(" to read"))) {
            return "planning (run started)";
        }
        long staged = lines.stream().filter(l -> l.text().startsWith("  data/")).count();
        if (staged < files) {
            return "staging file " + (staged + 1) + " of " + files;
        }
        return "transform/check/publish (all files staged)";
    }

    /** When a clean run reached each step, in milliseconds after the process started. */
    record Timeline(long runStarted, long planned, List<Long> staged, long ok, long exit) {
        static Timeline of(CliProcess clean, int files) {
            List<Long> staged = clean.lines().stream().filter(l -> l.text().startsWith("  data/")).map(CliProcess.Line::millis).toList();
            assertThat(staged).as("staged lines of the clean run:\n%s", clean.output()).hasSize(files);
            long ok = clean.first("OK ").millis();
            return new Timeline(clean.first("run ").millis(), clean.nth("  " + files + " file", 1).millis(), staged, ok,
                    Math.max(clean.exitedMillis(), ok));
        }

        long lastStaged() {
            return staged.get(staged.size() - 1);
        }

        @Override
        public String toString() {
            return "run started at " + runStarted + " ms, files staged at " + staged + " ms, transform/check/publish "
                    + lastStaged() + ".." + ok + " ms, exit at " + exit + " ms";
        }
    }

    /**
     * One kill: {@code delay} ms after the {@code occurrence}-th output line starting with {@code prefix}
     * (null: after the process started), or after the process exited. Anchoring on the output puts each
     * kill in the intended step even when JVM start-up time varies on a busy machine.
     */
    record Kill(String step, String prefix, int occurrence, long delay, boolean afterExit, boolean onWrite) {
        static Kill at(String step, String prefix, int occurrence, long delay) {
            return new Kill(step, prefix, occurrence, Math.max(0, delay), false, false);
        }

        @Override
        public String toString() {
            return step + (afterExit || onWrite ? "" : " (+" + delay + " ms)");
        }
    }

    /** A fresh copy of the project; each kill in turn (usually one), then a run to completion. */
    record KillPoint(List<Kill> kills) {
        @Override
        public String toString() {
            return String.join(" then ", kills.stream().map(Kill::toString).toList());
        }
    }

    /** The kill points of a scenario: each a comma-separated list of steps, killed in turn on the same copy before the final run. */
    private static List<KillPoint> killPoints(Timeline t, int files, List<String> plan) {
        return plan.stream().map(point -> new KillPoint(Arrays.stream(point.split(",")).map(step -> kill(step.strip(), t, files)).toList())).toList();
    }

    /**
     * A kill at a step of the run, placed by the clean run's timeline: "JVM start +50ms", "JVM start 40%" (of the time to the
     * run's first line), "planning", "staging file N" (halfway through it), "publish P%" (of the transform/check/publish
     * window), "first commit of the publish" (the moment the warehouse's write-ahead log changes after the last file was
     * staged: the publish commit being written, or the first of several commits if a publish were not one transaction;
     * large inserts write their blocks to the database file before the commit, so only the log marks a commit),
     * "after commit" (OK printed, the process still exiting), "after exit".
     */
    private static Kill kill(String step, Timeline t, int files) {
        if (step.equals("JVM start +50ms")) {
            return Kill.at(step, null, 0, 50);
        }
        if (step.matches("JVM start \\d+%")) {
            return Kill.at(step, null, 0, t.runStarted() * Integer.parseInt(step.replaceAll("\\D", "")) / 100);
        }
        if (step.equals("planning")) {
            return Kill.at(step, "run ", 1, 5);
        }
        if (step.startsWith("staging file ")) {
            int f = Integer.parseInt(step.substring("staging file ".length()));
            long previous = f == 1 ? t.planned() : t.staged().get(f - 2);
            return Kill.at(step, f == 1 ? "  " + files + " file" : "  data/", f == 1 ? 1 : f - 1, (t.staged().get(f - 1) - previous) / 2);
        }
        if (step.matches("publish \\d+%")) {
            long percent = Long.parseLong(step.replaceAll("\\D", ""));
            return Kill.at(step, "  data/", files, (t.ok() - t.lastStaged()) * percent / 100);
        }
        if (step.equals("after commit")) {
            return Kill.at(step, "OK ", 1, 1);
        }
        if (step.equals("first commit of the publish")) {
            return new Kill(step, "  data/", files, 0, false, true);
        }
        if (step.equals("after exit")) {
            return new Kill(step, null, 0, 0, true, false);
        }
        throw new IllegalArgumentException("unknown step " + step);
    }

    // ---------------------------------------------------------------------------------------------
    // What the warehouse holds

    /** Everything a rerun must reproduce, read from the warehouse file after the process ended. */
    static final class Snapshot {
        List<String> tables;
        List<String> columns;
        long rows;
        long distinctKeys;
        long amountSum;
        String digest;
        List<String> state;
        List<String> loads;
        List<String> rejected;
        long stageTables;
        /** Rejected rows recorded by runs that never published (kept by design: they are committed as they come). */
        long rejectedByUnpublishedRuns;
        List<Run> runs;

        static Snapshot of(Path project, Scenario scenario) throws SQLException {
            Snapshot s = new Snapshot();
            try (Connection db = open(project)) {
                s.tables = strings(db, "SELECT schema_name || '.' || table_name FROM duckdb_tables() ORDER BY ALL");
                s.columns = strings(db, "SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_name = '"
                        + scenario.table() + "' ORDER BY ordinal_position");
                s.rows = number(db, "SELECT count(*) FROM " + scenario.table());
                s.distinctKeys = number(db, "SELECT count(DISTINCT id) FROM " + scenario.table());
                s.amountSum = number(db, "SELECT CAST(sum(" + scenario.amountColumn() + ") * " + scenario.amountScale() + " AS BIGINT) FROM " + scenario.table());
                // A multiset hash of the rows (the sum of each row's hash): any changed, missing or extra row changes it.
                s.digest = strings(db, "SELECT CAST(sum(hash(t)::HUGEINT) AS VARCHAR) FROM " + scenario.table() + " AS t").get(0);
                s.state = strings(db, "SELECT pipeline || ' ' || unit || ' = ' || value FROM _tributary.state ORDER BY ALL");
                s.loads = strings(db, "SELECT concat_ws(' ', pipeline, target, mode, units, rows_loaded) FROM _tributary.loads ORDER BY run_id");
                s.rejected = strings(db, "SELECT concat_ws(' | ', unit, line, column_name, raw) FROM _tributary.rejected_rows "
                        + "WHERE run_id IN (SELECT run_id FROM _tributary.loads) ORDER BY ALL");
                s.stageTables = number(db, STAGE_TABLES);
                s.rejectedByUnpublishedRuns = number(db, "SELECT count(*) FROM _tributary.rejected_rows WHERE run_id NOT IN (SELECT run_id FROM _tributary.loads)");
                s.runs = new ArrayList<>();
                try (Statement statement = db.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT run_id, status, rows_read, rows_loaded, rows_rejected, units_loaded, error "
                             + "FROM _tributary.runs ORDER BY run_id")) {
                    while (rs.next()) {
                        s.runs.add(new Run(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getString(7)));
                    }
                }
            }
            return s;
        }
    }

    /** For a failure message: rows only in one of the two warehouses (a few of each). */
    private static String difference(Path project, Path clean, String table) {
        try (Connection db = open(project); Statement statement = db.createStatement()) {
            statement.execute("ATTACH '" + clean.resolve(".tributary/warehouse.duckdb") + "' AS clean (READ_ONLY)");
            return "rows not in the clean run's table: " + strings(db, "SELECT CAST(t AS VARCHAR) FROM (SELECT * FROM " + table
                    + " EXCEPT ALL SELECT * FROM clean." + table + ") t LIMIT 5")
                    + "\nrows of the clean run's table missing: " + strings(db, "SELECT CAST(t AS VARCHAR) FROM (SELECT * FROM clean." + table
                    + " EXCEPT ALL SELECT * FROM " + table + ") t LIMIT 5");
        } catch (SQLException e) {
            return "(cannot compare the rows: " + e.getMessage() + ")";
        }
    }

    record Run(long runId, String status, long read, long loaded, long rejected, long units, String error) {
        @Override
        public String toString() {
            return runId + ":" + status + (status.equals("abandoned") ? "" : "(" + loaded + " rows, " + units + " files)");
        }
    }

    private static Connection open(Path project) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + warehouse(project), properties);
    }

    private static Path warehouse(Path project) {
        return project.resolve(".tributary/warehouse.duckdb");
    }

    private static List<String> strings(Connection db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long number(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The scenarios: a project whose earlier files were loaded by a clean run, and new files to load

    abstract static class Scenario {
        final Path root;
        /** What a correct warehouse holds after the run, computed while writing the files. */
        long expectedRows;
        long expectedAmountSum;
        long expectedRejected;

        Scenario(Path root) {
            this.root = root;
        }

        abstract String name();

        abstract String pipeline();

        abstract String table();

        abstract String amountColumn();

        abstract long amountScale();

        /** Files added after the base run; the run under test loads them. */
        abstract int newFiles();

        int baseRuns() {
            return 1;
        }

        /** Where to kill: see {@link #killPoints}. */
        abstract List<String> plan();

        /**
         * Starts {@code tributary -p DIR run PIPELINE}, logging to {@code logs/NAME.log}, with its temporary folder
         * inside the project copy so that what a killed process leaves there is deleted with the copy.
         */
        CliProcess start(Path project, String name) {
            return CliProcess.start(root.resolve("logs/" + name + ".log"), project.resolve(".tmp/" + name), "-p", project.toString(), "run", pipeline());
        }

        /** Writes the project and earlier files, loads them with the real program, then adds the new files. */
        void prepare(Path dir) throws Exception {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("tributary.yml"), "name: kill-test\n");
            writeProject(dir);
            CliProcess base = start(dir, "base");
            assertThat(base.waitFor(120)).as("the base run's exit code; output:\n%s", base.output()).isZero();
            addNewFiles(dir);
        }

        abstract void writeProject(Path dir) throws IOException;

        abstract void addNewFiles(Path dir) throws IOException;

        void checkAgainstOracle(Snapshot clean) {
            assertThat(clean.rows).as("rows of the clean run").isEqualTo(expectedRows);
            assertThat(clean.distinctKeys).as("distinct ids of the clean run").isEqualTo(expectedRows);
            assertThat(clean.amountSum).as("sum of amounts of the clean run").isEqualTo(expectedAmountSum);
            assertThat(clean.rejected).as("rejected rows of the clean run").hasSize((int) expectedRejected);
            assertThat(clean.state).as("state entries of the clean run").hasSize(newFiles() + baseFiles());
            assertThat(clean.stageTables).isZero();
        }

        abstract int baseFiles();
    }

    /**
     * Orders exported monthly, merged on {@code id}: the earlier month is in the warehouse; three new
     * months each add new orders and update about 30% of earlier ones (the last version wins), with a
     * derived column, a check, and one malformed line that must be rejected.
     */
    static final class MergeScenario extends Scenario {
        private static final String[] STATUSES = {"new", "paid", "shipped", "refunded"};
        private final long[] amount = new long[4 * ROWS + 2];
        private final boolean[] present = new boolean[4 * ROWS + 2];
        private int nextId = 1;

        MergeScenario(Path root) {
            super(root);
        }

        @Override
        String name() {
            return "merge";
        }

        @Override
        String pipeline() {
            return "orders";
        }

        @Override
        String table() {
            return "orders";
        }

        @Override
        String amountColumn() {
            return "amount";
        }

        @Override
        long amountScale() {
            return 100;
        }

        @Override
        int newFiles() {
            return 3;
        }

        /**
         * Merging is idempotent (applying the same batch again gives the same table), so this scenario could not see
         * a publish split in two; it probes every step instead, start-up and cleanup after an earlier kill included.
         */
        @Override
        List<String> plan() {
            return List.of("JVM start +50ms, planning", "staging file 1", "staging file 2, publish 50%", "publish 15%, publish 50%",
                    "first commit of the publish", "after commit", "after exit");
        }

        @Override
        int baseFiles() {
            return 1;
        }

        @Override
        void writeProject(Path dir) throws IOException {
            Files.createDirectories(dir.resolve("pipelines"));
            Files.writeString(dir.resolve("pipelines/orders.yml"), """
                    name: orders
                    source:
                      type: file
                      path: data/orders/*.csv
                      csv:
                        columns: {amount: "DECIMAL(12,2)"}
                    transform:
                      - derive: {amount_cents: "CAST(amount * 100 AS BIGINT)"}
                    checks:
                      - not_null: [id, status]
                    load:
                      table: orders
                      mode: merge
                      key: id
                    """);
            month(dir, 1, false);
        }

        @Override
        void addNewFiles(Path dir) throws IOException {
            month(dir, 2, false);
            month(dir, 3, true);
            month(dir, 4, false);
            expectedRows = 0;
            expectedAmountSum = 0;
            for (int id = 1; id < present.length; id++) {
                if (present[id]) {
                    expectedRows++;
                    expectedAmountSum += amount[id];
                }
            }
            expectedRejected = 1;
        }

        private void month(Path dir, int month, boolean badLine) throws IOException {
            Random random = new Random(1000 + month);
            Path file = dir.resolve(String.format(Locale.ROOT, "data/orders/2026-%02d.csv", month));
            Files.createDirectories(file.getParent());
            LocalDateTime start = LocalDateTime.of(2026, month, 1, 0, 0);
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("id,customer_id,amount,status,updated_at,note\n");
                for (int i = 0; i < ROWS; i++) {
                    if (badLine && i == ROWS / 2) {
                        out.write("9000000,42,n/a,paid,2026-03-15 12:00:00,not a price\n");
                    }
                    int id = month > 1 && random.nextInt(10) < 3 ? 1 + random.nextInt(nextId - 1) : nextId++;
                    long cents = 100 + random.nextInt(99_900);
                    String note = i % 97 == 0 ? "\"gift, wrapped with a \"\"bow\"\"\"" : i % 5 == 0 ? "" : "n" + (i % 13);
                    out.write(id + "," + (1 + random.nextInt(5_000)) + "," + cents / 100 + "." + String.format(Locale.ROOT, "%02d", cents % 100)
                            + "," + STATUSES[random.nextInt(STATUSES.length)] + "," + start.plusSeconds(i * 10L).toString().replace('T', ' ')
                            + "," + note + "\n");
                    present[id] = true;
                    amount[id] = cents;
                }
            }
        }
    }

    /** Web events appended as daily files arrive: six days loaded earlier, twelve new ones (one with a malformed line). */
    static final class AppendScenario extends Scenario {
        private static final String[] KINDS = {"page_view", "add_to_cart", "checkout"};
        private static final int BASE_FILES = 6;
        private static final int NEW_FILES = 12;
        private static final int ROWS_PER_DAY = 20_000;
        private int nextId = 1;

        AppendScenario(Path root) {
            super(root);
        }

        @Override
        String name() {
            return "append";
        }

        @Override
        String pipeline() {
            return "events";
        }

        @Override
        String table() {
            return "events";
        }

        @Override
        String amountColumn() {
            return "value";
        }

        @Override
        long amountScale() {
            return 1;
        }

        @Override
        int newFiles() {
            return NEW_FILES;
        }

        /**
         * Appending is not idempotent: rows published without their files' state would be loaded again. The publish
         * window is probed densely, and the many files make the state writes a sizeable part of it.
         */
        @Override
        List<String> plan() {
            return List.of("JVM start 40%, staging file 1", "planning", "staging file " + NEW_FILES / 2 + ", publish 50%",
                    "first commit of the publish", "publish 75%", "publish 90%", "after commit");
        }

        @Override
        int baseFiles() {
            return BASE_FILES;
        }

        @Override
        void writeProject(Path dir) throws IOException {
            Files.createDirectories(dir.resolve("pipelines"));
            Files.writeString(dir.resolve("pipelines/events.yml"), """
                    name: events
                    source:
                      type: file
                      path: data/events/*.csv
                      csv:
                        columns: {value: INTEGER}
                    load:
                      table: events
                      mode: append
                    """);
            for (int day = 1; day <= BASE_FILES; day++) {
                day(dir, day, false);
            }
        }

        @Override
        void addNewFiles(Path dir) throws IOException {
            for (int day = BASE_FILES + 1; day <= BASE_FILES + NEW_FILES; day++) {
                day(dir, day, day == BASE_FILES + 3);
            }
            expectedRejected = 1;
        }

        private void day(Path dir, int day, boolean badLine) throws IOException {
            Random random = new Random(2000 + day);
            Path file = dir.resolve(String.format(Locale.ROOT, "data/events/2026-11-%02d.csv", day));
            Files.createDirectories(file.getParent());
            LocalDateTime start = LocalDateTime.of(2026, 11, day, 0, 0);
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("id,at,kind,value\n");
                for (int i = 0; i < ROWS_PER_DAY; i++) {
                    if (badLine && i == ROWS_PER_DAY / 3) {
                        out.write("9000000,2026-11-13 08:00:00,checkout,oops\n");
                    }
                    int value = random.nextInt(1000);
                    out.write(nextId++ + "," + start.plusSeconds(i * 5L).toString().replace('T', ' ') + ","
                            + KINDS[random.nextInt(KINDS.length)] + "," + value + "\n");
                    expectedRows++;
                    expectedAmountSum += value;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Copies a project, keeping modification times: the state records them, so the copies must match. */
    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[kill-test] " + format + "%n", args);
        System.out.flush();
    }
}
