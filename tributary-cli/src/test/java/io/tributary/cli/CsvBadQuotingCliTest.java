package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code tributary run} says about a CSV file with a quote left open: the line is one reject, the rest loads. */
class CsvBadQuotingCliTest {
    @TempDir
    Path dir;

    private Path project(String pipeline, String csv) throws IOException {
        Path project = dir.resolve("shop");
        Files.createDirectories(project.resolve("pipelines"));
        Files.createDirectories(project.resolve("data"));
        Files.writeString(project.resolve("tributary.yml"), "name: shop\n", StandardCharsets.UTF_8);
        Files.writeString(project.resolve("pipelines/orders.yml"), pipeline, StandardCharsets.UTF_8);
        Files.writeString(project.resolve("data/orders.csv"), csv, StandardCharsets.UTF_8);
        return project;
    }

    @Test
    void runCountsEveryRecordOfAFileWithAQuoteLeftOpenInTheMiddle() throws IOException {
        StringBuilder csv = new StringBuilder("id,name,amount\n");
        for (int i = 1; i <= 10_000; i++) {
            csv.append(i == 9000 ? "9000,\"oops name,9000.25" : i + ",name " + i + "," + i + ".25").append('\n');
        }
        Path project = project("name: orders\nsource: {type: file, path: data/orders.csv}\nload: {table: orders}\nmax_rejected: 1\n",
                csv.toString());

        CliTest.Result run = CliTest.cli("run", "orders", "-p", project.toString());

        assertThat(run.code()).as("%s", run).isZero();
        assertThat(run.out()).contains("OK  orders -> orders: read 10,000, loaded 9,999, rejected 1");
    }

    @Test
    void runWithTheDialectInitWritesRejectsTheOpenQuoteInsteadOfFailing() throws IOException {
        Path project = project("name: orders\nsource:\n  type: file\n  path: data/orders.csv\n  csv:\n    delimiter: \",\"\n    header: true\n"
                + "load: {table: orders}\nmax_rejected: 100%\n", "id,name\n1,a\n2,b\n3,\"c\n");

        CliTest.Result run = CliTest.cli("run", "orders", "-p", project.toString());

        assertThat(run.code()).as("%s", run).isZero();
        assertThat(run.out()).contains("OK  orders -> orders: read 3, loaded 2, rejected 1");
        assertThat(run.all()).doesNotContain("FAILED", "sniffing");
    }
}
