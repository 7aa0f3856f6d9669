package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command, however quickly it ends, leaves the temporary folder as it found it. */
class TempFolderTest {
    @TempDir
    Path dir;

    @Test
    void commandsThatEndEarlyOrNeverOpenTheWarehouseLeaveNoCopyOfDuckDbsLibraryBehind() throws Exception {
        Path project = dir.resolve("shop");
        StringWriter sink = new StringWriter();
        assertThat(Cli.execute(new String[] {"init", project.toString()}, new PrintWriter(sink), new PrintWriter(sink), false)).isZero();

        String[][] commands = {
            {"--version"}, {"validate", "-p", project.toString()}, {"run", "nosuch", "-p", project.toString()},
            {"run", "orders", "-p", project.toString()}, {"runs", "-p", project.toString()}};
        int[] expected = {0, 0, 2, 0, 0};
        for (int i = 0; i < commands.length; i++) {
            Path tmp = dir.resolve("tmp" + i);
            CliProcess process = CliProcess.start(dir.resolve("log" + i), tmp, commands[i]);
            assertThat(process.waitFor(60)).as(String.join(" ", commands[i]) + "\n" + process.output()).isEqualTo(expected[i]);
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString())).as(String.join(" ", commands[i])).noneMatch(n -> n.startsWith("libduckdb_java"));
            }
        }
    }

    @Test
    void onlyCommandsThatOpenTheWarehouseLoadDuckDbAhead() {
        assertThat(Main.needsWarehouse(new String[] {"-p", "shop", "run", "orders"})).isTrue();
        assertThat(Main.needsWarehouse(new String[] {"sql", "SELECT 1"})).isTrue();
        assertThat(Main.needsWarehouse(new String[] {"assess", "--file", "data/x.csv"})).as("a scratch DuckDB of its own").isTrue();
        assertThat(Main.needsWarehouse(new String[] {"validate"})).isFalse();
        assertThat(Main.needsWarehouse(new String[] {"run", "--help"})).isFalse();
        assertThat(Main.needsWarehouse(new String[] {"--version"})).isFalse();
    }
}
