package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.config.Problem;
import io.tributary.engine.RunResult;
import io.tributary.error.ExitCode;
import io.tributary.error.InvalidProjectException;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation of a project: every problem names its file, line and column, the key, and a hint;
 * all problems of all files are reported at once; a secret never appears in a message.
 */
class ValidationTest {
    @TempDir
    Path dir;

    private static List<Problem> problems(TestProject project) {
        InvalidProjectException invalid = catchThrowableOfType(InvalidProjectException.class, project::load);
        assertThat(invalid).as("the project should be invalid").isNotNull();
        assertThat(invalid.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        return invalid.problems();
    }

    private static Problem in(List<Problem> problems, String file, String path) {
        return problems.stream()
                .filter(p -> p.location().file() != null && p.location().file().getFileName().toString().equals(file))
                .filter(p -> path.equals(p.path()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + path + " in " + file + "; problems: " + problems));
    }

    private static void assertAt(Problem problem, int line, int column) {
        assertThat(problem.location().line()).as("line of " + problem).isEqualTo(line);
        assertThat(problem.location().column()).as("column of " + problem).isEqualTo(column);
    }

    @Test
    void everyProblemInEveryFileIsReportedAtOnceWithFileLineAndColumn() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: shop\nalerts:\n  ops: {type: slack, url: 'https://hooks.example/x'}\n");
        project.pipeline("a_typo", "shedule: \"0 * * * *\"\nsource: {type: file, path: data/a.csv}\nload: {table: a}");
        project.pipeline("b_type", "source:\n  type: file\n  path: data/b.csv\n  incremental: \"yes\"\nload: {table: b}");
        project.pipeline("c_missing", "description: nothing else");
        project.pipeline("d_nopath", "source: {type: file}\nload: {table: d}");
        project.pipeline("e_cron", "schedule: \"61 * * * *\"\nsource: {type: file, path: data/e.csv}\nload: {table: e}");
        project.pipeline("f_env", "source: {type: file, path: \"${env:TRIBUTARY_TEST_NOT_SET}/f.csv\"}\nload: {table: f}");
        project.file("pipelines/g_one.yml", "name: dup\nsource: {type: file, path: data/g1.csv}\nload: {table: g1}\n");
        project.file("pipelines/g_two.yml", "description: same name\nname: dup\nsource: {type: file, path: data/g2.csv}\nload: {table: g2}\n");
        project.pipeline("h_one", "source: {type: file, path: data/h1.csv}\nload: {table: shared}");
        project.pipeline("h_two", "source: {type: file, path: data/h2.csv}\nload:\n  mode: append\n  table: shared");
        project.pipeline("i_type", "source: {type: fille, path: data/i.csv}\nload: {table: i}");
        project.pipeline("j_merge", "source: {type: file, path: data/j.csv}\nload:\n  table: j\n  mode: merge");
        project.pipeline("k_alert", "source: {type: file, path: data/k.csv}\nload: {table: k}\nalerts: [ops, opps]");
        project.pipeline("l_yaml", "source: {type: file, path: data/l.csv\nload: {table: l}");

        List<Problem> problems = problems(project);

        Problem typo = in(problems, "a_typo.yml", "shedule");
        assertAt(typo, 2, 1);
        assertThat(typo.message()).isEqualTo("unknown key 'shedule'");
        assertThat(typo.hint()).isEqualTo("did you mean 'schedule'?");

        Problem type = in(problems, "b_type.yml", "source.incremental");
        assertAt(type, 5, 16);
        assertThat(type.message()).contains("expected true or false").contains("'yes'");

        assertAt(in(problems, "c_missing.yml", "source"), 1, 1);
        assertThat(in(problems, "c_missing.yml", "source").message()).isEqualTo("the key 'source' is required");
        assertThat(in(problems, "c_missing.yml", "load").message()).isEqualTo("the key 'load' is required");
        assertAt(in(problems, "c_missing.yml", "load"), 1, 1);

        Problem path = in(problems, "d_nopath.yml", "source.path");
        assertAt(path, 2, 9);
        assertThat(path.message()).contains("'path' is required");

        Problem cron = in(problems, "e_cron.yml", "schedule");
        assertAt(cron, 2, 11);
        assertThat(cron.message()).contains("'61 * * * *' is not a valid cron expression");
        assertThat(cron.hint()).contains("minute hour day-of-month month day-of-week");

        Problem env = in(problems, "f_env.yml", "source.path");
        assertAt(env, 2, 28);
        assertThat(env.message()).isEqualTo("the environment variable TRIBUTARY_TEST_NOT_SET is not set");
        assertThat(env.hint()).contains(".env");

        Problem dup = in(problems, "g_two.yml", "name");
        assertAt(dup, 2, 7);
        assertThat(dup.message()).contains("two pipelines are named 'dup'").contains("g_one.yml");

        Problem shared = in(problems, "h_two.yml", "load.table");
        assertAt(shared, 5, 10);
        assertThat(shared.message()).contains("'h_one' and 'h_two' both load table shared");

        Problem unknownType = in(problems, "i_type.yml", "source.type");
        assertAt(unknownType, 2, 16);
        assertThat(unknownType.message()).isEqualTo("unknown source type 'fille'");
        assertThat(unknownType.hint()).isEqualTo("did you mean 'file'?");

        Problem merge = in(problems, "j_merge.yml", "load.key");
        assertAt(merge, 4, 3);
        assertThat(merge.message()).contains("mode merge needs a key");

        Problem alert = in(problems, "k_alert.yml", "alerts");
        assertAt(alert, 4, 15);
        assertThat(alert.message()).isEqualTo("unknown alert channel 'opps'");
        assertThat(alert.hint()).isEqualTo("did you mean 'ops'?");

        // points at the brace left open, and says where parsing stopped
        Problem yaml = in(problems, "l_yaml.yml", "");
        assertAt(yaml, 2, 9);
        assertThat(yaml.message()).isEqualTo("invalid YAML: while parsing a flow mapping at line 2, column 9: "
                + "expected ',' or '}', but got : at line 3, column 5");

        assertThat(problems).hasSize(13);
    }

    @Test
    void aLineBreakAsTheCsvDelimiterQuoteOrEscapeIsAProblemAtItsKey() {
        // a line break always ends a record, so it can never separate fields or quote them
        TestProject project = TestProject.in(dir);
        project.pipeline("lines", "source:\n  type: file\n  path: data/l.csv\n  csv:\n    delimiter: \"\\n\"\n"
                + "    quote: \"\\r\\n\"\n    escape: \"\\r\"\nload: {table: lines}");

        List<Problem> problems = problems(project);

        Problem delimiter = in(problems, "lines.yml", "source.csv.delimiter");
        assertAt(delimiter, 6, 16);
        assertThat(delimiter.message()).isEqualTo("a line break cannot be the delimiter: it always ends a record");
        assertThat(delimiter.hint()).contains("\",\"").contains("tab");
        assertThat(in(problems, "lines.yml", "source.csv.quote").message()).contains("a line break cannot be the quote");
        assertThat(in(problems, "lines.yml", "source.csv.escape").message()).contains("a line break cannot be the escape");
        assertThat(problems).hasSize(3);
    }

    @Test
    void aKeyWithNothingAfterItCountsAsMissing() {
        TestProject project = TestProject.in(dir);
        project.pipeline("orders", "schedule:\nsource:\nload: {table: orders}");

        List<Problem> problems = problems(project);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("source");
            assertThat(p.message()).isEqualTo("the key 'source' is required");
        });
    }

    @Test
    void theErrorMessageListsEveryProblemAsFileLineColumnKeyMessageAndHint() {
        TestProject project = TestProject.in(dir);
        project.pipeline("orders", "shedule: hourly\nsource: {type: file, path: data/o.csv}\nload: {table: orders}");

        assertThatThrownBy(project::load).isInstanceOf(InvalidProjectException.class)
                .hasMessageContaining("1 problem in the project:")
                .hasMessageContaining("orders.yml:2:1  shedule  unknown key 'shedule'  (did you mean 'schedule'?)");
    }

    @Test
    void aSecretsValueNeverAppearsInAProblemOrARunError() {
        String secret = "s3cr3t-Tr1butary-Value";
        TestProject project = TestProject.in(dir).env("TRIBUTARY_TEST_SECRET", secret);
        project.pipeline("leaky", "source: {type: file, path: \"data/${env:TRIBUTARY_TEST_SECRET}.csv\"}\nload: {table: leaky}");
        project.pipeline("bad_mode", "source: {type: file, path: data/x.csv}\nload: {table: x, mode: \"${env:TRIBUTARY_TEST_SECRET}\"}");

        List<Problem> problems = problems(project);
        assertThat(problems).isNotEmpty();
        assertThat(problems).allSatisfy(p -> assertThat(p.toString()).doesNotContain(secret));
        assertThat(in(problems, "bad_mode.yml", "load.mode").message()).contains("****");

        project.pipeline("bad_mode", "source: {type: file, path: data/x.csv}\nload: {table: x}");
        RunResult result = project.run("leaky");
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("file not found").contains("****").doesNotContain(secret);
        assertThat((String) project.value("SELECT error FROM _tributary.runs WHERE run_id = " + result.runId()))
                .contains("****").doesNotContain(secret);
    }
}
