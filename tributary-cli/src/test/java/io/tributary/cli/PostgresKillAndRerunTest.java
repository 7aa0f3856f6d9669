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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KillAndRerunTest}'s promise with a PostgreSQL destination: the real program, appending newly
 * arrived files into PostgreSQL, is SIGKILLed at moments spread over a clean run (JVM start, planning,
 * staging, all through the publish, at the warehouse's first write after the PostgreSQL commit, after it
 * printed OK), sometimes twice in a row; then it runs again
 * to completion, and the PostgreSQL table (every row, hashed), the source state and the load records
 * in PostgreSQL must equal those of one clean run. Appending is the sharp case: a batch whose rows
 * committed without their state would be appended twice by the rerun.
 *
 * <p>Each run gets its own database, cloned from a template that holds the earlier files' load.
 */
class PostgresKillAndRerunTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final int BASE_FILES = 4;
    private static final int NEW_FILES = 8;
    private static final int ROWS_PER_FILE = 25_000;

    @TempDir
    Path work;
    private final String prefix = "tributary_kill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final List<String> databases = new ArrayList<>();

    @AfterEach
    void dropDatabases() throws SQLException {
        for (String database : databases) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    @Timeout(600)
    void anAppendIntoPostgresKilledAtAnyInstantAndRunAgainLoadsEveryRowExactlyOnce() throws Exception {
        Path template = work.resolve("template");
        String templateDb = database("template");
        writeProject(template, templateDb);
        CliProcess base = start(template, "base");
        assertThat(base.waitFor(120)).as("the base run; output:\n%s", base.output()).isZero();
        for (int day = BASE_FILES + 1; day <= BASE_FILES + NEW_FILES; day++) {
            day(template, day);
        }

        Path cleanDir = cloneProject(template, templateDb, "clean");
        CliProcess clean = start(cleanDir, "clean");
        assertThat(clean.waitFor(120)).as("the clean run; output:\n%s", clean.output()).isZero();
        Snapshot expected = Snapshot.of(dbOf(cleanDir));
        assertThat(expected.rows).isEqualTo((long) (BASE_FILES + NEW_FILES) * ROWS_PER_FILE);
        assertThat(expected.state).hasSize(BASE_FILES + NEW_FILES);
        assertThat(expected.loads).hasSize(2);
        long runStarted = clean.first("run ").millis();
        long lastStaged = clean.nth("  data/", NEW_FILES).millis();
        long ok = clean.first("OK ").millis();
        log("clean run: started %d ms, files staged by %d ms, OK at %d ms", runStarted, lastStaged, ok);

        List<List<long[]>> points = List.of(
                List.of(new long[] {0, runStarted / 2}),                                   // JVM start
                List.of(new long[] {1, 5}),                                                // planning
                List.of(new long[] {2, NEW_FILES / 2}),                                    // staging
                List.of(new long[] {3, 10}), List.of(new long[] {3, 30}), List.of(new long[] {3, 50}),
                List.of(new long[] {3, 70}), List.of(new long[] {3, 85}), List.of(new long[] {3, 95}), // the publish window, in %
                List.of(new long[] {5, 0}),                                                // first warehouse write after staging
                List.of(new long[] {4, 1}),                                                // after OK
                List.of(new long[] {2, 2}, new long[] {3, 60}));                           // twice in a row
        int interrupted = 0;
        int committed = 0;
        for (int i = 0; i < points.size(); i++) {
            Path dir = cloneProject(template, templateDb, "kill" + i);
            List<String> reached = new ArrayList<>();
            for (long[] kill : points.get(i)) {
                CliProcess killed = start(dir, "kill-" + i + "-" + reached.size());
                long at = switch ((int) kill[0]) {
                    case 0 -> killed.killAfter(null, 0, kill[1]);
                    case 1 -> killed.killAfter("run ", 1, kill[1]);
                    case 2 -> killed.killAfter("  data/", (int) kill[1], 0);
                    case 3 -> killed.killAfter("  data/", NEW_FILES, (ok - lastStaged) * kill[1] / 100);
                    // the warehouse records the run only after PostgreSQL committed: this lands between the two commits
                    case 5 -> killed.killOnWrite("  data/", NEW_FILES, List.of(dir.resolve(".tributary/warehouse.duckdb.wal")));
                    default -> killed.killAfter("OK ", 1, kill[1]);
                };
                long stateRows = Snapshot.of(dbOf(dir)).state.size();
                boolean published = stateRows == BASE_FILES + NEW_FILES;
                reached.add((at < 0 ? "exited by itself" : "killed at " + at + " ms") + (published ? ", published" : ", not published"));
                if (published) {
                    committed++;
                } else {
                    interrupted++;
                }
            }
            CliProcess rerun = start(dir, "rerun-" + i);
            int exit = rerun.waitFor(120);
            String context = "kill point " + i + " (" + String.join("; ", reached) + "), rerun output:\n" + rerun.output();
            assertThat(exit).as("exit code of the rerun after %s", context).isZero();
            Snapshot actual = Snapshot.of(dbOf(dir));
            log("kill point %d: %s -> %,d rows", i, String.join("; ", reached), actual.rows);
            assertThat(actual.rows).as("rows after %s", context).isEqualTo(expected.rows);
            assertThat(actual.digest).as("the rows' hash after %s", context).isEqualTo(expected.digest);
            assertThat(actual.state).as("state after %s", context).isEqualTo(expected.state);
            assertThat(actual.loads).as("load records after %s", context).isEqualTo(expected.loads);
            assertThat(actual.stageTables).as("staging tables after %s", context).isZero();
        }
        log("%d kills interrupted a run before its publish committed, %d came after", interrupted, committed);
        assertThat(interrupted).as("kills that interrupted a run before it published (else this proves nothing)").isGreaterThanOrEqualTo(4);
        assertThat(committed).as("kills that came after a publish committed").isGreaterThanOrEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------

    private record Snapshot(long rows, String digest, List<String> state, List<String> loads, long stageTables) {
        static Snapshot of(String database) throws SQLException {
            try (Connection db = DriverManager.getConnection(SERVER + database, "postgres", "");
                 Statement statement = db.createStatement()) {
                long stages = number(statement, "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '\\_tributary\\_stage\\_%'");
                if (number(statement, "SELECT count(*) FROM information_schema.tables WHERE table_schema = '_tributary' AND table_name = 'state'") == 0) {
                    return new Snapshot(0, "", List.of(), List.of(), stages);
                }
                long rows = number(statement, "SELECT count(*) FROM public.events");
                String digest = strings(statement, "SELECT md5(string_agg(md5(e::text), '' ORDER BY id)) FROM public.events e").get(0);
                List<String> state = strings(statement, "SELECT unit || ' = ' || value FROM _tributary.state WHERE pipeline = 'events' ORDER BY unit");
                List<String> loads = strings(statement, "SELECT target || ' ' || mode || ' ' || rows_loaded FROM _tributary.loads ORDER BY loaded_at");
                return new Snapshot(rows, digest, state, loads, stages);
            }
        }
    }

    private static long number(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Statement statement, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private String database(String suffix) throws SQLException {
        String name = prefix + "_" + suffix;
        admin("CREATE DATABASE " + name);
        databases.add(name);
        return name;
    }

    /** A copy of the project pointing at a clone of the template's database (both hold the earlier files' load). */
    private Path cloneProject(Path template, String templateDb, String name) throws Exception {
        String db = prefix + "_" + name;
        admin("CREATE DATABASE " + db + " TEMPLATE " + templateDb);
        databases.add(db);
        Path dir = work.resolve(name);
        try (Stream<Path> files = Files.walk(template)) {
            for (Path source : files.toList()) {
                Path target = dir.resolve(template.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.writeString(dir.resolve("tributary.yml"), tributaryYml(db));
        return dir;
    }

    private static String dbOf(Path project) throws IOException {
        return Files.readAllLines(project.resolve("tributary.yml")).stream().filter(l -> l.contains("database:"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElseThrow();
    }

    private static String tributaryYml(String database) {
        return "name: kill-test\nconnections:\n  dw:\n    kind: postgres\n    database: " + database + "\n    user: postgres\n";
    }

    private static void writeProject(Path dir, String database) throws IOException {
        Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(dir.resolve("tributary.yml"), tributaryYml(database));
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
                  destination: dw
                """);
        for (int day = 1; day <= BASE_FILES; day++) {
            day(dir, day);
        }
    }

    private static void day(Path dir, int day) throws IOException {
        Random random = new Random(3000 + day);
        Path file = dir.resolve(String.format(Locale.ROOT, "data/events/2026-11-%02d.csv", day));
        Files.createDirectories(file.getParent());
        LocalDateTime start = LocalDateTime.of(2026, 11, day, 0, 0);
        long id = (long) (day - 1) * ROWS_PER_FILE + 1;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,at,kind,value,note\n");
            for (int i = 0; i < ROWS_PER_FILE; i++) {
                out.write((id + i) + "," + start.plusSeconds(i * 3L).toString().replace('T', ' ') + ","
                        + (random.nextBoolean() ? "view" : "cart") + "," + random.nextInt(1000) + ","
                        + (i % 7 == 0 ? "\"a, \"\"quoted\"\" note\"" : "") + "\n");
            }
        }
    }

    private CliProcess start(Path project, String name) {
        return CliProcess.start(work.resolve("logs/" + name + ".log"), project.resolve(".tmp/" + name), "-p", project.toString(), "run", "events");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[pg-kill-test] " + format + "%n", args);
        System.out.flush();
    }
}
