package io.tributary.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.engine.RunResult;
import io.tributary.testkit.LogCapture;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic source's pagination styles, record selectors, raw records and the max_pages limit. */
class PaginationStylesTest {
    @TempDir
    Path dir;
    FakeApi api;
    TestProject project;

    @BeforeEach
    void start() {
        api = FakeApi.start();
        RecordingPacer.install();
        project = TestProject.in(dir);
        for (int id = 1; id <= 5; id++) {
            ObjectNode item = FakeApi.JSON.createObjectNode();
            item.put("id", id);
            item.put("label", "item " + id);
            api.put("items", item);
        }
    }

    @AfterEach
    void stop() {
        RecordingPacer.uninstall();
        api.close();
    }

    private RunResult run(String source) {
        project.pipeline("items", "source:\n  type: api\n  base_url: " + api.url() + "\n" + source + "load: {table: items, mode: replace}\n");
        return project.run("items");
    }

    @Test
    void nextUrlFollowsTheAddressInTheBodyUntilItIsNull() {
        RunResult result = run("  endpoint: /generic/next_url\n  records: results.items\n  pagination: {style: next_url, next_url: links.next}\n");

        assertThat(result.error()).isNull();
        assertThat(api.requests("/generic/next_url")).extracting(r -> r.param("cursor")).containsExactly(null, "2", "4");
        assertThat(project.rows("SELECT id FROM items ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void offsetPagingStopsOnAShortPage() {
        RunResult result = run("  endpoint: /generic/offset\n  pagination: {style: offset, limit: 2}\n");

        assertThat(result.error()).isNull();
        assertThat(api.requests("/generic/offset")).extracting(r -> r.param("offset") + "/" + r.param("limit"))
                .containsExactly("0/2", "2/2", "4/2");
        assertThat(project.count("items")).isEqualTo(5);
    }

    @Test
    void pageNumberPagingStopsOnAnEmptyPage() {
        RunResult result = run("  endpoint: /generic/pages\n  records: items\n  pagination: {style: page_number, size_param: per_page, size: 2}\n");

        assertThat(result.error()).isNull();
        assertThat(api.requests("/generic/pages")).extracting(r -> r.param("page")).containsExactly("1", "2", "3", "4");
        assertThat(project.rows("SELECT id, label FROM items ORDER BY id")).extracting(r -> r.get("label"))
                .containsExactly("item 1", "item 2", "item 3", "item 4", "item 5");
    }

    @Test
    void withoutPaginationOnePageIsRead() {
        RunResult result = run("  endpoint: /generic/offset\n  params: {limit: 3}\n");

        assertThat(result.error()).isNull();
        assertThat(api.requests("/generic/offset")).hasSize(1);
        assertThat(project.count("items")).isEqualTo(3);
    }

    @Test
    void reachingMaxPagesWithMoreToReadFailsAndPublishesNothing() {
        RunResult result = run("  endpoint: /generic/pages\n  records: items\n  pagination: {style: page_number, size_param: per_page, size: 2, max_pages: 2}\n");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("read 2 pages").contains("max_pages is 2").contains("Nothing was published");
        assertThat(project.rows("SELECT table_name FROM information_schema.tables WHERE table_name = 'items'")).isEmpty();
    }

    @Test
    void keepRawKeepsEachRecordsJsonText() {
        RunResult result = run("  endpoint: /generic/offset\n  params: {limit: 2}\n  keep_raw: true\n");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT id, _raw FROM items ORDER BY id")).extracting(r -> FakeApi.parse((String) r.get("_raw")).get("label").asText())
                .containsExactly("item 1", "item 2");
    }

    @Test
    void aPostRequestSendsItsBody() {
        RunResult result = run("  endpoint: /generic/offset\n  method: POST\n  body: '{\"query\": \"all\"}'\n  params: {limit: 1}\n");

        assertThat(result.error()).isNull();
        assertThat(api.requests("/generic/offset")).extracting(FakeApi.Request::method, FakeApi.Request::body)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "{\"query\": \"all\"}"));
    }

    private void itemsPastTheTypeSample(java.util.function.BiConsumer<Integer, ObjectNode> late) {
        for (int id = 6; id <= FieldWatch.SAMPLE + 20; id++) {
            ObjectNode item = FakeApi.JSON.createObjectNode();
            item.put("id", id);
            item.put("code", id);
            if (id > FieldWatch.SAMPLE + 10) {
                late.accept(id, item);
            }
            api.put("items", item);
        }
    }

    /** The types of the first records are inferred while later pages arrive, and are the ones the table gets. */
    @Test
    void theTypeSampleIsInferredWhileTheLaterPagesArrive() {
        itemsPastTheTypeSample((id, item) -> { });
        RunResult result;
        List<String> logged;
        try (LogCapture log = LogCapture.of(EarlySample.class)) {
            result = run("  endpoint: /generic/offset\n  pagination: {style: offset, limit: 5000}\n");
            logged = log.messages();
        }

        assertThat(result.error()).isNull();
        assertThat(logged).anyMatch(message -> message.startsWith("types of the first " + FieldWatch.SAMPLE + " records inferred while fetching"));
        assertThat(project.count("items")).isEqualTo(FieldWatch.SAMPLE + 20);
        assertThat(project.columns("items")).containsEntry("id", "BIGINT").containsEntry("code", "BIGINT");
        assertThat(project.value("SELECT sum(code)::BIGINT FROM items")).isEqualTo((long) (FieldWatch.SAMPLE + 20) * (FieldWatch.SAMPLE + 21) / 2 - 15);
    }

    @Test
    void fieldsFirstSeenAfterDuckDbsTypeSampleBecomeColumns() {
        itemsPastTheTypeSample((id, item) -> {
            item.put("late_note", "late " + id);
            item.putObject("detail").put("weight", id / 10.0);
        });

        RunResult result = run("  endpoint: /generic/offset\n  pagination: {style: offset, limit: 5000}\n");

        assertThat(result.error()).isNull();
        assertThat(project.count("items")).isEqualTo(FieldWatch.SAMPLE + 20);
        assertThat(project.value("SELECT count(late_note) FROM items")).isEqualTo(10L);
        assertThat(project.value("SELECT detail__weight FROM items WHERE id = " + (FieldWatch.SAMPLE + 20))).isEqualTo((FieldWatch.SAMPLE + 20) / 10.0);
    }

    @Test
    void valuesOfAnotherKindAfterDuckDbsTypeSampleAreKept() {
        itemsPastTheTypeSample((id, item) -> item.put("code", "C" + id));

        RunResult result = run("  endpoint: /generic/offset\n  pagination: {style: offset, limit: 5000}\n");

        assertThat(result.error()).isNull();
        // numbers, then texts: DuckDB keeps both as JSON values (as the file connector does)
        assertThat(project.columns("items")).containsEntry("code", "JSON");
        assertThat(project.value("SELECT code::VARCHAR FROM items WHERE id = " + (FieldWatch.SAMPLE + 20))).isEqualTo("\"C" + (FieldWatch.SAMPLE + 20) + "\"");
        assertThat(project.value("SELECT code::VARCHAR FROM items WHERE id = 6")).isEqualTo("6");
    }

    @Test
    void aPrettyPrintedPageLoadsWithLineBreaksInsideValuesKept() {
        api.fault("/generic/offset", 200, java.util.Map.of(), "[\n  {\n    \"id\": 1,\r\n    \"note\": \"two\\nlines\",\n    \"tags\": [\n      \"a\"\n    ]\n  },\n  {\"id\": 2, \"note\": null, \"tags\": []}\n]\n");

        RunResult result = run("  endpoint: /generic/offset\n");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT id, note FROM items ORDER BY id")).extracting(r -> r.get("id") + ":" + r.get("note"))
                .containsExactly("1:two\nlines", "2:null");
    }

    @Test
    void anArrayOfPlainValuesBecomesAChildTableOfValuesAndReplaceModeReplacesIt() {
        for (int id = 1; id <= 2; id++) {
            ObjectNode item = FakeApi.JSON.createObjectNode();
            item.put("id", id);
            item.putArray("tags").add("t" + id).add("shared");
            api.put("items", item);
        }
        String source = "  endpoint: /generic/offset\n  params: {limit: 2}\n  children: {tags: {}}\n";
        assertThat(run(source).error()).isNull();
        assertThat(project.rows("SELECT item_id, value FROM items__tags ORDER BY item_id, value"))
                .extracting(r -> r.get("item_id") + ":" + r.get("value")).containsExactly("1:shared", "1:t1", "2:shared", "2:t2");

        ObjectNode changed = FakeApi.JSON.createObjectNode();
        changed.put("id", 1);
        changed.putArray("tags").add("new");
        api.put("items", changed);
        assertThat(run(source).error()).isNull();

        assertThat(project.rows("SELECT item_id, value FROM items__tags ORDER BY item_id, value"))
                .extracting(r -> r.get("item_id") + ":" + r.get("value")).containsExactly("1:new", "2:shared", "2:t2");
        assertThat(project.columns("items")).doesNotContainKey("tags");
    }
}
