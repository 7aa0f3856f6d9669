package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project with one broken pipeline file: {@code run} of another pipeline works and warns, {@code run}
 * of the broken one fails with its located problem, {@code run --all} runs the rest and exits 2,
 * {@code validate} fails. A broken {@code tributary.yml} stops everything.
 */
class PartialProjectCliTest {
    @TempDir
    Path dir;

    private void write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @BeforeEach
    void project() throws IOException {
        write("tributary.yml", "name: shop\n");
        write("data/orders.csv", "id,total\n1,10\n2,20\n");
        write("pipelines/orders.yml", "name: orders\nsource: {type: file, path: data/orders.csv}\nload: {table: orders}\n");
        write("pipelines/refunds.yml", "name: refunds\nsource: {type: file, path: data/refunds.csv}\nload: {table: refunds, mdoe: append}\n");
    }

    private CliTest.Result cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-p";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliTest.cli(all);
    }

    @Test
    void aValidPipelineRunsWhileAnotherFileIsBrokenWithAWarningNamingIt() {
        CliTest.Result result = cli("run", "orders");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("OK  orders");
        assertThat(result.err()).contains("warning: pipelines/refunds.yml is invalid and was skipped (1 problem): ")
                .contains("refunds.yml:3:").contains("load.mdoe  unknown key 'mdoe'  (did you mean 'mode'?)");
    }

    @Test
    void theBrokenPipelineItselfFailsWithItsLocatedProblem() {
        CliTest.Result result = cli("run", "refunds");

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.all()).contains("refunds.yml:3:").contains("unknown key 'mdoe'").doesNotContain("OK  ");
    }

    @Test
    void runAllRunsTheValidOnesWarnsAboutTheBrokenOnesAndExits2() {
        CliTest.Result result = cli("run", "--all");

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).contains("OK  orders");
        assertThat(result.err()).contains("warning: pipelines/refunds.yml is invalid and was skipped");
    }

    @Test
    void validateStillFailsOnAnyProblem() {
        CliTest.Result result = cli("validate");

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.all()).contains("refunds.yml:3:").contains("unknown key 'mdoe'");
    }

    @Test
    void aBrokenProjectFileStopsEveryRun() throws IOException {
        write("tributary.yml", "name: shop\nwarehouse: {pth: w.duckdb}\n");

        CliTest.Result result = cli("run", "orders");

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.all()).contains("tributary.yml:2:").contains("warehouse.pth").doesNotContain("OK  ");
    }
}
