package io.tributary.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleRunListenerTest {
    private final StringWriter text = new StringWriter();
    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void onATerminalProgressRewritesOneLineWithRowsAndRowsPerSecondAndTheUnitsSummaryReplacesIt() {
        ConsoleRunListener listener = new ConsoleRunListener(new PrintWriter(text, true), true, now::get);
        listener.planned(1, 0, "file");
        now.addAndGet(2_000);
        listener.progress("orders.csv", 1_000_000, 40);
        now.addAndGet(2_000);
        listener.progress("orders.csv", 2_000_000, 80);
        listener.staged("orders.csv", 2_500_000, 3, 5_000);

        assertThat(text.toString())
                .contains("\r  orders.csv  40%  1,000,000 rows  500,000 rows/s")
                .contains("\r  orders.csv  80%  2,000,000 rows  500,000 rows/s")
                .contains("  orders.csv  2,500,000 rows, 3 rejected  5.0 s  500,001 rows/s\n");
    }

    @Test
    void withoutATerminalProgressIsAPlainLineAtMostEveryTenSecondsAndNeverForAShortUnit() {
        ConsoleRunListener listener = new ConsoleRunListener(new PrintWriter(text, true), false, now::get);
        listener.planned(1, 0, "file");
        now.addAndGet(3_000);
        listener.progress("orders.csv", 300_000, 10);
        assertThat(text.toString()).doesNotContain("300,000");

        now.addAndGet(8_000);
        listener.progress("orders.csv", 1_100_000, 30);
        now.addAndGet(1_000);
        listener.progress("orders.csv", 1_200_000, 33);
        now.addAndGet(10_000);
        listener.progress("orders.csv", 2_200_000, 60);

        assertThat(text.toString()).doesNotContain("\r").contains("1,100,000 rows").doesNotContain("1,200,000").contains("2,200,000 rows");
    }

    @Test
    void thePlanNamesTheSourcesUnits() {
        ConsoleRunListener listener = new ConsoleRunListener(new PrintWriter(text, true), false, now::get);
        listener.planned(3, 1, "table");
        listener.planned(1, 0, "endpoint");

        assertThat(text.toString()).contains("  3 tables to read, 1 already loaded\n").contains("  1 endpoint to read\n");
    }
}
