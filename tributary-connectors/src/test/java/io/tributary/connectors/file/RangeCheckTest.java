package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.config.Problem;
import io.tributary.engine.RunResult;
import io.tributary.metadata.RunStatus;
import io.tributary.error.InvalidProjectException;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code range} bounds are numbers for number columns and dates or timestamps for DATE and TIMESTAMP
 * columns; a bound of the wrong shape is a located problem at load time, and a bound that does not
 * suit the column's type a plain message at run time, never an engine error.
 */
class RangeCheckTest {
    @TempDir
    Path dir;

    private static final String EVENTS = "id,day,at,at_utc,amount\n"
            + "1,2019-12-31,2026-03-29 01:59:59,2026-03-29T00:30:00+00:00,5\n"
            + "2,2020-06-01,2026-03-29 02:30:00,2026-03-29T01:30:00+02:00,15\n"
            + "3,2021-01-01,2026-03-29 03:00:00,2026-03-29T08:00:00+00:00,25\n";

    private TestProject events(String checks) {
        TestProject project = TestProject.in(dir);
        project.file("data/events.csv", EVENTS);
        project.pipeline("events", "source:\n  type: file\n  path: data/events.csv\n"
                + "  csv: {columns: {day: DATE, at: TIMESTAMP, at_utc: TIMESTAMPTZ, amount: INTEGER}}\n"
                + "load: {table: events}\nchecks:\n" + checks);
        return project;
    }

    private Problem onlyProblem(TestProject project) {
        InvalidProjectException invalid = catchThrowableOfType(InvalidProjectException.class, project::load);
        assertThat(invalid).as("the project should be invalid").isNotNull();
        assertThat(invalid.problems()).as("problems").hasSize(1);
        return invalid.problems().get(0);
    }

    @Test
    void dateBoundsOnADateColumnFailTheRowsOutsideThem() {
        RunResult result = events("  - range: {column: day, min: 2020-01-01, max: 2020-12-31}\n").run("events");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("range(day): 2 of 3 rows fail").contains("'2019-12-31'", "'2021-01-01'");
    }

    @Test
    void timestampBoundsOnATimestampColumnFailTheRowsOutsideThem() {
        RunResult result = events("  - range: {column: at, min: 2026-03-29 02:00:00, max: \"2026-03-29T02:59:59\"}\n").run("events");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("range(at): 2 of 3 rows fail").contains("'2026-03-29 01:59:59'", "'2026-03-29 03:00:00'");
    }

    @Test
    void aDateBoundOnATimestampColumnIsItsMidnight() {
        RunResult result = events("  - range: {column: at, max: 2026-03-29}\n").run("events");

        assertThat(result.error()).contains("range(at): 3 of 3 rows fail");
    }

    @Test
    void onAZonedColumnABoundWithoutOffsetIsUtcAndOneWithAnOffsetIsThatInstant() {
        RunResult utc = events("  - range: {column: at_utc, min: 2026-03-29 00:00:00}\n").run("events");
        assertThat(utc.error()).as("01:30+02:00 is 23:30 UTC the day before").contains("range(at_utc): 1 of 3 rows fail");

        RunResult offset = events("  - range: {column: at_utc, max: \"2026-03-29T09:59:59+02:00\"}\n").run("events");
        assertThat(offset.error()).as("09:59:59+02:00 is 07:59:59 UTC").contains("range(at_utc): 1 of 3 rows fail");
    }

    @Test
    void datesWithinTheBoundsPublish() {
        TestProject project = events("  - range: {column: day, min: 2019-01-01, max: 2021-12-31}\n  - range: {column: amount, min: 0, max: 25}\n");

        RunResult result = project.run("events");

        assertThat(result.error()).isNull();
        assertThat(project.count("events")).isEqualTo(3);
    }

    @Test
    void aNumberBoundOnADateColumnFailsTheRunWithAPlainMessage() {
        RunResult result = events("  - range: {column: day, min: 0}\n").run("events");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("range(day)", "day is DATE", "min must be a date or a timestamp", "e.g. min: 2020-01-01", "not the number 0")
                .doesNotContainIgnoringCase("binder").doesNotContain("Conversion Error");
    }

    @Test
    void aDateBoundOnANumberColumnFailsTheRunWithAPlainMessage() {
        RunResult result = events("  - range: {column: amount, max: 2020-01-01}\n").run("events");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("range(amount)", "amount is INTEGER", "max must be a number", "not the date 2020-01-01")
                .doesNotContainIgnoringCase("binder").doesNotContain("Conversion Error");
    }

    @Test
    void aBoundWithAnOffsetOnATimestampWithoutTimeZoneFailsTheRunWithAPlainMessage() {
        RunResult result = events("  - range: {column: at, min: \"2026-03-29T02:00:00+02:00\"}\n").run("events");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("range(at)", "at is TIMESTAMP", "no time zone", "without an offset");
    }

    @Test
    void aBoundThatIsNeitherANumberNorADateIsOneProblemWhereItIsWritten() {
        Problem problem = onlyProblem(events("  - range: {column: day, min: yesterday}\n"));

        assertThat(problem.path()).isEqualTo("checks[0].range.min");
        assertThat(problem.location().line()).isEqualTo(8);
        assertThat(problem.message()).contains("a number", "a date", "'yesterday'");
        assertThat(problem.hint()).contains("min: 0", "min: 2020-01-01");
    }

    @Test
    void anImpossibleDateIsAProblemWhereItIsWritten() {
        Problem problem = onlyProblem(events("  - range: {column: day, max: 2020-02-30}\n"));

        assertThat(problem.path()).isEqualTo("checks[0].range.max");
        assertThat(problem.message()).contains("'2020-02-30'");
    }

    @Test
    void aRangeWithNeitherBoundIsStillAProblem() {
        Problem problem = onlyProblem(events("  - range: {column: day}\n"));

        assertThat(problem.message()).isEqualTo("range needs min, max or both");
    }

    @Test
    void rowCountBoundsStayNumbers() {
        Problem problem = onlyProblem(events("  - row_count: {min: 2020-01-01}\n"));

        assertThat(problem.path()).isEqualTo("checks[0].row_count.min");
        assertThat(problem.message()).contains("expected a number");
        assertThat(events("  - row_count: {min: 4}\n").run("events").error()).contains("3 rows, expected at least 4");
    }
}
