package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
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
            awaitWriteLock(holder, project.resolve(".tributary/warehouse.duckdb"));
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

    /**
     * Waits until {@code holder} holds the write lock on {@code file}, read from the kernel's list of file
     * locks: looking never takes the lock (trying it would, and could make the holder fail instead).
     */
    static void awaitWriteLock(CliProcess holder, Path file) throws IOException, InterruptedException {
        Path locks = Path.of("/proc/locks");
        Assumptions.assumeTrue(Files.isReadable(locks), "needs /proc/locks (Linux) to see who holds the warehouse");
        long inode = (Long) Files.getAttribute(file, "unix:ino");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!holdsWriteLock(Files.readAllLines(locks), holder.pid(), inode)) {
            assertThat(holder.exitedMillis()).as("the holder ended before it took the lock: %s", holder.output()).isNegative();
            assertThat(System.nanoTime()).as("the holder took no lock on %s within 60 s: %s", file, holder.output()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A line of /proc/locks: {@code 1: POSIX  ADVISORY  WRITE 4242 08:01:131090 0 EOF} (waiters are marked {@code ->}). */
    static boolean holdsWriteLock(List<String> lines, long pid, long inode) {
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && !f[1].equals("->") && f[3].equals("WRITE") && f[4].equals(String.valueOf(pid)) && f[5].endsWith(":" + inode)) {
                return true;
            }
        }
        return false;
    }

    private static int cli(String... args) {
        StringWriter out = new StringWriter();
        return Cli.execute(args, new PrintWriter(out), new PrintWriter(out), false);
    }
}
