package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadModesTest {
    @TempDir
    Path dir;

    @Test
    void appendAddsEachNewFileOnceAndSkipsFilesAlreadyLoaded() {
        TestProject project = TestProject.in(dir);
        project.file("data/orders/2026-01.csv", "id,total\n1,10.5\n2,20\n");
        project.pipeline("orders", "source: {type: file, path: data/orders/*.csv}\nload: {table: orders, mode: append}");

        RunResult first = project.run("orders");
        assertThat(first.error()).isNull();
        assertThat(first.rowsLoaded()).isEqualTo(2);

        RunResult again = project.run("orders");
        assertThat(again.succeeded()).isTrue();
        assertThat(again.rowsRead()).isZero();
        assertThat(project.count("orders")).isEqualTo(2);

        project.file("data/orders/2026-02.csv", "id,total\n3,30\n");
        RunResult third = project.run("orders");
        assertThat(third.rowsLoaded()).isEqualTo(1);
        assertThat(third.unitsLoaded()).isEqualTo(1);
        assertThat(project.rows("SELECT id FROM orders ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void mergeUpsertsOnTheKeyAndTheLastRecordOfAKeyWins() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id,status\n1,new\n2,new\n1,paid\n");
        project.pipeline("orders", "source: {type: file, path: 'data/*.csv'}\nload: {table: orders, mode: merge, key: id}");
        assertThat(project.run("orders").error()).isNull();
        assertThat(project.rows("SELECT id, status FROM orders ORDER BY id")).extracting(r -> r.get("status")).containsExactly("paid", "new");

        project.file("data/b.csv", "id,status\n2,shipped\n3,new\n");
        assertThat(project.run("orders").error()).isNull();
        assertThat(project.rows("SELECT id, status FROM orders ORDER BY id")).extracting(r -> r.get("status"))
                .containsExactly("paid", "shipped", "new");
    }

    @Test
    void replaceSwapsTheWholeTable() {
        TestProject project = TestProject.in(dir);
        project.file("data/p.csv", "sku,price\na,1\nb,2\n");
        project.pipeline("products", "source: {type: file, path: data/p.csv}\nload: {table: products, mode: replace}");
        assertThat(project.run("products").error()).isNull();
        project.file("data/p.csv", "sku,price\nc,3\n");
        assertThat(project.run("products").error()).isNull();
        assertThat(project.rows("SELECT sku FROM products")).extracting(r -> r.get("sku")).containsExactly("c");
    }
}
