package io.tributary.cli;

import static io.tributary.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary logs RUN_ID}: each run's log is kept with it, a failed run's too. */
class LogsCommandTest {
    @TempDir
    Path dir;

    @Test
    void aRunsLogIsKeptWithItsPhasesWarningsFailedChecksAndEnd() {
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", "id,total\n1,10\n2,-5\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nchecks:\n  - range: {column: total, min: 0}\n    severity: warn\n"
                + "load: {table: orders}\n");
        assertThat(cli("-p", dir.toString(), "run", "orders").code()).isZero();

        CliTest.Result logs = cli("-p", dir.toString(), "logs", "1");

        assertThat(logs.code()).as("%s", logs).isZero();
        assertThat(logs.out()).contains("INFO   run 1 of orders <- ", "1 file to read", "ms", "data/orders.csv: 2 rows staged",
                "WARN   check range(total): 1 of 2 rows fail", "INFO   run 1 success: read 2, loaded 2, rejected 0");

        project.file("data/orders.csv", "id,total\n1,10\n2,-5\n3,-1\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nchecks:\n  - range: {column: total, min: 0}\nload: {table: orders}\n");
        assertThat(cli("-p", dir.toString(), "run", "orders").code()).isEqualTo(1);
        assertThat(cli("-p", dir.toString(), "logs", "2").out()).contains("ERROR  check range(total): 2 of 3 rows fail", "ERROR  run 2 failed");

        CliTest.Result unknown = cli("-p", dir.toString(), "logs", "99");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no run 99", "tributary runs");
    }
}
