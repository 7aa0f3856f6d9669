package io.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spi.LoadMode;
import io.tributary.sql.SchemaPolicy;
import io.tributary.spi.TableName;
import io.tributary.spi.TableRef;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The split of the rows to write into parts, for a destination that loads over several connections at once. */
class TableWritesTest {
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE once AS SELECT * FROM (VALUES (1, 'a', 'x'), (2, 'a', 'y'), (3, 'b', 'x')) t(id, region, code)");
            statement.execute("CREATE TABLE twice AS SELECT * FROM (VALUES (1, 'a', 'x'), (2, 'a', 'y'), (1, 'b', 'x')) t(id, region, code)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    /**
     * Two staged units (files) of 1,000 rows each; ids 499-999 of the first come again in the second,
     * newer, at row numbers of the other parity (a split by row number would part them).
     */
    private StagedData twoUnits() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE unit0 AS SELECT range AS id, 'old' AS version FROM range(1000)");
            statement.execute("CREATE TABLE unit1 AS SELECT range + 499 AS id, 'new' AS version FROM range(1000)");
        }
        String relation = "(SELECT *, 0 AS " + StagedData.UNIT + ", rowid AS " + StagedData.ROW + " FROM unit0 UNION ALL BY NAME "
                + "SELECT *, 1 AS " + StagedData.UNIT + ", rowid AS " + StagedData.ROW + " FROM unit1)";
        return new StagedData(List.of(new TableRef(null, "main", "unit0"), new TableRef(null, "main", "unit1")), relation, Map.of("id", "BIGINT", "version", "VARCHAR"), false);
    }

    private TableTarget target(LoadMode mode, List<String> key) {
        return new TableTarget(TableName.parse("t"), mode, key, false, SchemaPolicy.DEFAULT, null);
    }

    @Test
    void thePartsOfAnAppendAreEveryStagedRowOnce() throws SQLException {
        StagedData staged = twoUnits();
        TableTarget append = target(LoadMode.APPEND, List.of());

        List<String> parts = rowsOfParts(append, staged, 3);

        assertThat(parts).hasSize(2000).containsExactlyInAnyOrderElementsOf(rows(TableWrites.rows(append, staged, false)));
        assertThat(rows(TableWrites.part(append, staged, 0, 3))).hasSizeBetween(600, 734); // an even split, not all in one
    }

    @Test
    void thePartsOfAMergeKeepOneRowPerKeyTheLastStaged() throws SQLException {
        StagedData staged = twoUnits();
        TableTarget merge = target(LoadMode.MERGE, List.of("id"));

        List<String> parts = rowsOfParts(merge, staged, 2);

        assertThat(parts).hasSize(1499).doesNotHaveDuplicates().contains("0 old", "498 old", "499 new", "1498 new")
                .containsExactlyInAnyOrderElementsOf(rows(TableWrites.rows(merge, staged, false)));
    }

    private List<String> rowsOfParts(TableTarget target, StagedData staged, int count) throws SQLException {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.addAll(rows(TableWrites.part(target, staged, i, count)));
        }
        return all;
    }

    private List<String> rows(String relation) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT id, version FROM " + relation)) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }
}
