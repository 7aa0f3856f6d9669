package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary demo --tour}: a whole shop's exports in every format, loaded, incrementally updated and shown. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void theTourLoadsEveryExportReadsOnlyTheNewMonthAndShowsARejectedRow() {
        Path project = dir.resolve("demo");
        CliTest.Result result = CliTest.cli("demo", "--tour", "--dir", project.toString());
        String out = result.out();
        assertThat(result.code()).as("%s", result).isZero();
        assertThat(out).contains("Demo project: " + project.toAbsolutePath());

        // Every pipeline ran and published.
        assertThat(out).contains("OK  customers -> customers: read 400, loaded 400, rejected 0");
        assertThat(out).contains("OK  orders -> orders: read 3,100, loaded 3,099, rejected 1");
        assertThat(out).contains("OK  products -> products: read 60, loaded 60, rejected 0");
        assertThat(out).contains("OK  web_events -> web_events: read 3,000, loaded 3,000, rejected 0");
        assertThat(out).contains("OK  stores -> stores: read 6, loaded 6, rejected 0");
        assertThat(out).doesNotContain("FAILED", "could not show this");

        // The incremental step reads the new month's file only.
        String incremental = out.substring(out.indexOf("A new month of orders arrives"));
        assertThat(incremental).contains("1 file to read, 2 already loaded", "data/orders/2026-11.csv",
                "OK  orders -> orders: read 1,500, loaded 1,500, rejected 0");
        assertThat(incremental.substring(0, incremental.indexOf("== "))).doesNotContain("2026-09.csv", "2026-10.csv");

        // Every table is in the warehouse, with its rows.
        String tables = section(out, "Tables in the warehouse");
        for (String table : List.of("customers", "orders", "products", "stores", "web_events")) {
            assertThat(tables).as("the tables section").containsPattern("(?m)^" + table + "\\s+\\d");
        }
        assertThat(tables).containsPattern("(?m)^orders\\s+4599\\s").containsPattern("(?m)^stores\\s+6\\s");

        // Nested JSON flattened, and the glitch in the September export rejected with its reason.
        assertThat(section(out, "Web events, nested JSON flattened")).contains("user__id", "user__country", "page__path", "/products/");
        String rejected = section(out, "Rejected rows");
        assertThat(rejected).contains("data/orders/2026-09.csv", "n/a", "(1 row)");
        assertThat(section(out, "Revenue by month")).contains("2026-09", "2026-10", "2026-11");
        assertThat(out).contains("Warehouse: ", "Try:");
    }

    @Test
    void theDemoRefusesAFolderThatIsAlreadyAProject() {
        Path project = dir.resolve("shop");
        assertThat(CliTest.cli("init", project.toString()).code()).isZero();
        CliTest.Result result = CliTest.cli("demo", "--dir", project.toString());
        assertThat(result.code()).as("%s", result).isEqualTo(2);
        assertThat(result.err()).contains("already holds a project", "--dir");
    }

    /** The text of one "== title" section of the demo's output. */
    private static String section(String out, String title) {
        int start = out.indexOf("== " + title);
        assertThat(start).as("section %s in:\n%s", title, out).isGreaterThanOrEqualTo(0);
        int end = out.indexOf("\n== ", start + 3);
        return out.substring(start, end < 0 ? out.length() : end);
    }
}
