package io.tributary.connectors.database;

import io.tributary.testkit.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.config.Problem;
import io.tributary.engine.RunResult;
import io.tributary.error.InvalidProjectException;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database source's config is checked when the project loads, each problem with file:line:col and a hint; mistakes only the database can reveal fail the run with a clear message. */
class DatabaseSourceValidationTest {
    private static final String CONNECTIONS = """
            name: test
            connections:
              shop_db: {kind: postgres, host: 127.0.0.1, database: shop, user: postgres}
              crm_db: {kind: mariadb, host: 127.0.0.1, database: crm, user: root}
            """;

    @TempDir
    Path dir;

    private TestProject project() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", CONNECTIONS);
        return project;
    }

    private static Problem problem(TestProject project, String path) {
        InvalidProjectException invalid = catchThrowableOfType(InvalidProjectException.class, project::load);
        assertThat(invalid).as("the project should be invalid").isNotNull();
        List<Problem> problems = invalid.problems();
        return problems.stream().filter(p -> path.equals(p.path())).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + path + "; problems: " + problems));
    }

    @Test
    void anUnknownConnectionIsReportedWhereItIsWrittenWithTheNearestName() {
        TestProject project = project();
        project.pipeline("orders", "source:\n  type: database\n  connection: shop_bd\n  table: public.orders\nload: {table: orders}");

        Problem problem = problem(project, "source.connection");

        assertThat(problem.location().line()).isEqualTo(4);
        assertThat(problem.location().column()).isEqualTo(15);
        assertThat(problem.message()).isEqualTo("unknown connection 'shop_bd'");
        assertThat(problem.hint()).isEqualTo("did you mean 'shop_db'?");
    }

    @Test
    void severalTablesMergeOnTheirPrimaryKeysSoNoLoadKeyIsNeededButOneTableNeedsIt() {
        TestProject project = project();
        project.pipeline("lookups", "source: {type: database, connection: shop_db, tables: [public.shippers, public.categories]}\n"
                + "load: {table: lookups.shippers, mode: merge}");
        assertThat(project.load().pipeline("lookups")).isPresent();

        project.pipeline("lookups", "source: {type: database, connection: shop_db, table: public.shippers}\n"
                + "load: {table: lookups.shippers, mode: merge}");
        assertThat(problem(project, "load.key").message()).contains("mode merge needs a key");
    }

    @Test
    void lookbackInAppendModeIsRefusedBecauseReReadRowsWouldBeLoadedTwice() {
        TestProject project = project();
        project.pipeline("orders", """
                source:
                  type: database
                  connection: shop_db
                  table: public.orders
                  incremental: {cursor: updated_at, lookback: 10m}
                load: {table: orders, mode: append}
                """);

        Problem problem = problem(project, "source.incremental.lookback");

        assertThat(problem.location().line()).isEqualTo(6);
        assertThat(problem.message()).contains("mode append would load twice");
        assertThat(problem.hint()).contains("mode: merge");
    }

    @Test
    void tableAndQueryTogetherNothingToReadABadDurationAndUnknownKeysAreEachReported() {
        TestProject project = project();
        project.pipeline("both", "source: {type: database, connection: shop_db, table: orders, query: 'SELECT 1'}\nload: {table: both}");
        project.pipeline("none", "source: {type: database, connection: shop_db}\nload: {table: none}");
        project.pipeline("bad", """
                source:
                  type: database
                  connection: shop_db
                  table: orders
                  incremental: {cursor: updated_at, lookback: ten minutes, curser: x}
                  fetch_size: 0
                load: {table: bad, mode: merge, key: id}
                """);
        project.pipeline("query", """
                source:
                  type: database
                  connection: shop_db
                  query: SELECT * FROM orders
                  incremental: {cursor: updated_at}
                load: {table: query}
                """);

        InvalidProjectException invalid = catchThrowableOfType(InvalidProjectException.class, project::load);

        assertThat(invalid.problems()).extracting(p -> p.location().file().getFileName() + " " + p.path() + ": " + p.message())
                .contains("both.yml source.query: table:, tables: and query: are alternatives; write only one of them",
                        "none.yml source.table: say what to read: table:, tables: or query:",
                        "bad.yml source.incremental.lookback: 'ten minutes' is not a duration",
                        "bad.yml source.incremental.curser: unknown key 'curser'",
                        "bad.yml source.fetch_size: must be between 1 and 1000000 but is 0",
                        "query.yml source.incremental.key: a query has no primary key to break ties between rows with the same updated_at");
    }

    @Test
    void aValidDatabasePipelineLoadsAndDescribesItselfWithoutThePassword() {
        TestProject project = TestProject.in(dir);
        project.env("SHOP_PW", "s3cret-pw");
        project.file("tributary.yml", "name: test\nconnections:\n  shop_db: {kind: postgres, database: shop, user: etl, password: '${env:SHOP_PW}'}\n");
        project.pipeline("orders", "source:\n  type: database\n  connection: shop_db\n  table: public.orders\n"
                + "  incremental: {cursor: updated_at, key: [id], lookback: 2h}\nload: {table: orders, mode: merge, key: id}");

        io.tributary.spi.Source source = project.load().pipeline("orders").orElseThrow().source();
        String described = source.describe();

        assertThat(source.unitNoun()).as("progress lines count tables").isEqualTo("table");

        assertThat(described).isEqualTo("database shop_db (postgres://etl@127.0.0.1:5432/shop): public.orders, incremental on updated_at")
                .doesNotContain("s3cret");
    }

    @Test
    void aMissingTableACursorThatIsNotAColumnAndATextCursorFailTheRunNamingWhatToFix() {
        try (TestDatabase db = TestDatabase.postgres()) {
            db.execute("CREATE TABLE orders (id int PRIMARY KEY, status text, updated_at timestamptz)");
            TestProject project = TestProject.in(dir);
            project.file("tributary.yml", "name: test\n" + db.connectionsYaml("shop_db"));
            project.pipeline("missing", "source: {type: database, connection: shop_db, table: public.ordres}\nload: {table: missing}");
            project.pipeline("cursor", "source: {type: database, connection: shop_db, table: public.orders, incremental: {cursor: updatedat}}\nload: {table: cursor}");
            project.pipeline("text", "source: {type: database, connection: shop_db, table: public.orders, incremental: {cursor: status}}\nload: {table: text}");

            RunResult missing = project.run("missing");
            RunResult cursor = project.run("cursor");
            RunResult text = project.run("text");

            assertThat(missing.error()).contains("table public.ordres does not exist in connection 'shop_db'").contains("did you mean public.orders?");
            assertThat(cursor.error()).contains("incremental.cursor names updatedat, which is not a column of table public.orders")
                    .contains("Did you mean updated_at?");
            assertThat(text.error()).contains("incremental.cursor status of table public.orders is text; a cursor must be a timestamp, date or integer column");
        }
    }

    @Test
    void aMissingMariaDbTableGetsTheNearestNameAndAHintInItsOwnTerms() {
        try (TestDatabase db = TestDatabase.mariadb()) {
            db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
            TestProject project = TestProject.in(dir);
            project.file("tributary.yml", "name: test\n" + db.connectionsYaml("crm_db"));
            project.pipeline("missing", "source: {type: database, connection: crm_db, table: ordres}\nload: {table: missing}");
            project.pipeline("qualified", "source: {type: database, connection: crm_db, table: " + db.name() + ".ordres}\nload: {table: qualified}");

            RunResult missing = project.run("missing");
            RunResult qualified = project.run("qualified");

            assertThat(missing.error()).contains("table ordres does not exist in connection 'crm_db'").contains("did you mean orders?")
                    .contains("database-qualified: " + db.name() + ".orders").doesNotContain("public.");
            assertThat(qualified.error()).contains("did you mean " + db.name() + ".orders?");
        }
    }

    @Test
    void aJdbcUrlCarryingItsOwnUserNamesThatUserWhenAuthenticationFails() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\nconnections:\n"
                + "  erp: {kind: jdbc, url: 'jdbc:postgresql://127.0.0.1:5432/postgres?user=no_such_role_here'}\n"
                + "  crm: {kind: jdbc, url: 'jdbc:mariadb://127.0.0.1:3306/?user=no_such_user_here&password=Wr0ng-Pw-42'}\n");
        project.pipeline("erp", "source: {type: database, connection: erp, table: orders}\nload: {table: erp}");
        project.pipeline("crm", "source: {type: database, connection: crm, table: orders}\nload: {table: crm}");

        RunResult erp = project.run("erp");
        RunResult crm = project.run("crm");

        assertThat(erp.error()).contains("authentication failed for user no_such_role_here").doesNotContain("user null");
        assertThat(crm.error()).contains("authentication failed for user no_such_user_here").doesNotContain("Wr0ng-Pw-42");
    }

    @Test
    void anUnreachableDatabaseFailsTheRunWithTheConnectionNameAndWhatToCheck() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\nconnections:\n  shop_db: {kind: postgres, host: 127.0.0.1, port: 1, database: shop, user: postgres}\n");
        project.pipeline("orders", "source: {type: database, connection: shop_db, table: public.orders}\nload: {table: orders}");

        RunResult result = project.run("orders");

        assertThat(result.error()).contains("connection 'shop_db' (postgres://postgres@127.0.0.1:1/shop)").contains("cannot reach 127.0.0.1:1");
    }
}
