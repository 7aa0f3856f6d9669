package io.tributary.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decision that lets a first merge publish by renaming the staged table: only when no key value
 * is staged twice (otherwise the last row of each key must be picked out by a copy).
 */
class KeyIsUniqueTest {
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
        assertThat(WarehouseDestination.keyIsUnique(connection, "once", List.of("id"))).isTrue();
    }

    @Test
    void aKeyValueStagedTwiceIsNotUnique() throws SQLException {
        assertThat(WarehouseDestination.keyIsUnique(connection, "twice", List.of("id"))).isFalse();
    }

    @Test
    void aCompositeKeyIsUniqueWhenNoTwoRowsShareAllItsColumns() throws SQLException {
        assertThat(WarehouseDestination.keyIsUnique(connection, "twice", List.of("id", "region"))).isTrue();
        assertThat(WarehouseDestination.keyIsUnique(connection, "once", List.of("region", "code"))).isTrue();
        assertThat(WarehouseDestination.keyIsUnique(connection, "once", List.of("code"))).isFalse();
    }

}
