package io.tributary.warehouse;

import io.tributary.engine.PublishTarget;
import io.tributary.engine.StagedData;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spi.LoadMode;
import io.tributary.spi.SchemaPolicy;
import io.tributary.spi.TableName;
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

/**
 * The decision that lets a first merge publish by renaming the staged table: only when no key value
 * is staged twice (otherwise the last row of each key must be picked out by a copy); and the split of
 * the rows to write into parts for a destination that loads over several connections.
 */
class PublisherTest {
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

    @Test
    void aKeyWhoseValuesAllDifferIsUnique() throws SQLException {
        assertThat(Publisher.keyIsUnique(connection, "once", List.of("id"))).isTrue();
    }

    @Test
    void aKeyValueStagedTwiceIsNotUnique() throws SQLException {
        assertThat(Publisher.keyIsUnique(connection, "twice", List.of("id"))).isFalse();
    }

    @Test
    void aCompositeKeyIsUniqueWhenNoTwoRowsShareAllItsColumns() throws SQLException {
        assertThat(Publisher.keyIsUnique(connection, "twice", List.of("id", "region"))).isTrue();
        assertThat(Publisher.keyIsUnique(connection, "once", List.of("region", "code"))).isTrue();
        assertThat(Publisher.keyIsUnique(connection, "once", List.of("code"))).isFalse();
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
        return new StagedData(List.of("unit0", "unit1"), relation, Map.of("id", "BIGINT", "version", "VARCHAR"), false);
    }

    private PublishTarget target(LoadMode mode, List<String> key) {
        return new PublishTarget(TableName.parse("t"), mode, key, false, SchemaPolicy.DEFAULT, null);
    }

    @Test
    void thePartsOfAnAppendAreEveryStagedRowOnce() throws SQLException {
        StagedData staged = twoUnits();
        PublishTarget append = target(LoadMode.APPEND, List.of());

        List<String> parts = rowsOfParts(append, staged, 3);

        assertThat(parts).hasSize(2000).containsExactlyInAnyOrderElementsOf(rows(Publisher.rowsToWrite(append, staged, false)));
        assertThat(rows(Publisher.rowsPart(append, staged, 0, 3))).hasSizeBetween(600, 734); // an even split, not all in one
    }

    @Test
    void thePartsOfAMergeKeepOneRowPerKeyTheLastStaged() throws SQLException {
        StagedData staged = twoUnits();
        PublishTarget merge = target(LoadMode.MERGE, List.of("id"));

        List<String> parts = rowsOfParts(merge, staged, 2);

        assertThat(parts).hasSize(1499).doesNotHaveDuplicates().contains("0 old", "498 old", "499 new", "1498 new")
                .containsExactlyInAnyOrderElementsOf(rows(Publisher.rowsToWrite(merge, staged, false)));
    }

    private List<String> rowsOfParts(PublishTarget target, StagedData staged, int count) throws SQLException {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.addAll(rows(Publisher.rowsPart(target, staged, i, count)));
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
