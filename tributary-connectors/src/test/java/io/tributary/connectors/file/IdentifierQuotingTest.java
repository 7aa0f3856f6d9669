package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table, schema and column names are always quoted: reserved words, spaces and quotes just work. */
class IdentifierQuotingTest {
    @TempDir
    Path dir;

    @Test
    void aReservedWordTableInAQuotedSchemaWithAwkwardColumnNamesLoadsAndMergesTwice() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "\"Order Id\",\"select\",\"Sales \"\"Total\"\"\"\n1,x,10\n2,y,20\n");
        project.pipeline("weird", """
                source: {type: file, path: 'data/*.csv'}
                transform:
                  - derive: {"group": "\\"select\\" || '!'"}
                checks:
                  - unique: Order Id
                  - not_null: ['Sales "Total"']
                load: {table: 'My Schema.order', mode: merge, key: Order Id}
                """);

        RunResult first = project.run("weird");
        assertThat(first.error()).isNull();
        project.file("data/b.csv", "\"Order Id\",\"select\",\"Sales \"\"Total\"\"\"\n2,z,25\n3,w,30\n");
        RunResult second = project.run("weird");
        assertThat(second.error()).isNull();

        assertThat(project.rows("SELECT \"Order Id\" AS id, \"select\" AS s, \"Sales \"\"Total\"\"\" AS total, \"group\" AS g "
                + "FROM \"My Schema\".\"order\" ORDER BY 1"))
                .extracting(r -> r.get("id") + ":" + r.get("s") + ":" + r.get("total") + ":" + r.get("g"))
                .containsExactly("1:x:10:x!", "2:z:25:z!", "3:w:30:w!");
    }

    @Test
    void jsonLinesWithABadLineAndAnExcelSheetLoadIntoASchemaWhoseNameNeedsQuotes() throws Exception {
        TestProject project = TestProject.in(dir);
        project.file("data/events.ndjson", "{\"id\": 1, \"user\": {\"id\": 7}}\nnot json\n{\"id\": 2, \"user\": {\"id\": 8}}\n");
        project.pipeline("events", "source: {type: file, path: data/events.ndjson}\nload: {table: 'Raw Data.events'}\nmax_rejected: 1");
        try (var out = java.nio.file.Files.newOutputStream(project.path("data/stores.xlsx"));
             var workbook = new org.dhatim.fastexcel.Workbook(out, "test", "1.0")) {
            var sheet = workbook.newWorksheet("Stores");
            sheet.value(0, 0, "store id");
            sheet.value(1, 0, 1);
            sheet.value(2, 0, 2);
        }
        project.pipeline("stores", "source: {type: file, path: data/stores.xlsx}\nload: {table: 'Raw Data.Stores \"HQ\"'}");

        RunResult events = project.run("events");
        RunResult stores = project.run("stores");

        assertThat(events.error()).isNull();
        assertThat(events.rowsLoaded()).isEqualTo(2);
        assertThat(events.rowsRejected()).isEqualTo(1);
        assertThat(project.rows("SELECT user__id FROM \"Raw Data\".events ORDER BY id")).extracting(r -> r.get("user__id")).containsExactly(7L, 8L);
        assertThat(stores.error()).isNull();
        assertThat(project.count("\"Raw Data\".\"Stores \"\"HQ\"\"\"")).isEqualTo(2);
    }
}
