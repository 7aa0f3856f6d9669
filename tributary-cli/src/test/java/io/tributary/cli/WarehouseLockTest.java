package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB allows one writing process per warehouse file: a second one is told who holds it, at once. */
class WarehouseLockTest {
    @TempDir
    Path dir;

    @Test
    void aRunWhileAnotherProcessWritesTheWarehouseExitsBusyAtOnceNamingThatProcess() throws Exception {
        Path project = dir.resolve("shop");
        assertThat(cli("init", project.toString())).isZero();
        assertThat(cli("-p", project.toString(), "run", "orders")).isZero();

        // A long query through `sql --write` holds the warehouse's write lock for as long as it runs.
        CliProcess holder = CliProcess.start(dir.resolve("holder.log"), dir.resolve("tmp-holder"), "-p", project.toString(), "sql", "--write",
                "SELECT sum(i) FROM range(500000000000) t(i)");
        try {
            Thread.sleep(3_000); // let it start and take the lock
            assertThat(holder.exitedMillis()).as("the holder must still run: %s", holder.output()).isNegative();

            CliProcess second = CliProcess.start(dir.resolve("second.log"), dir.resolve("tmp-second"), "-p", project.toString(), "run", "orders");
            int code = second.waitFor(60);

            assertThat(code).as("busy: a scheduler may retry; %s", second.output()).isEqualTo(io.tributary.error.ExitCode.BUSY);
            assertThat(second.output()).contains("is in use by another process", "PID", "one writer at a time", "try again");
        } finally {
            holder.killAfter(null, 0, 0);
        }
        assertThat(cli("-p", project.toString(), "run", "orders")).as("the lock is released when the holder dies").isZero();
    }

    private static int cli(String... args) {
        StringWriter out = new StringWriter();
        return Cli.execute(args, new PrintWriter(out), new PrintWriter(out), false);
    }
}
