package io.tributary.connectors.database;

import io.tributary.testkit.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.spi.RejectSink;
import io.tributary.spi.Staging;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The COPY transfer on its own: rows cut into many small chunks, loaded by a second thread while
 * more arrive, every row exactly once; the order kept when asked; a failure that stops everything
 * and leaves no chunk file behind.
 */
class PostgresCopyTest {
    private static final int ROWS = 60_000;
    private static final List<SourceColumn> COLUMNS = List.of(
            new SourceColumn("id", "bigint", "BIGINT", ValueKind.BIGINT),
            new SourceColumn("note", "text", "VARCHAR", ValueKind.TEXT));

    private TestDatabase db;
    private Connection source;
    private Connection engine;

    @BeforeEach
    void setUp() throws SQLException {
        db = TestDatabase.postgres();
        db.execute("CREATE TABLE t (id bigint PRIMARY KEY, note text)",
                "INSERT INTO t SELECT g, 'row ' || g || ', with \"quotes\" and a comma' FROM generate_series(1, " + ROWS + ") g");
        source = db.connect();
        source.setAutoCommit(false);
        engine = DriverManager.getConnection("jdbc:duckdb:");
        // about 2.5 MB of CSV: 64 KB chunks make dozens of them
        System.setProperty(PostgresCopy.CHUNK_PROPERTY, String.valueOf(64 << 10));
    }

    @AfterEach
    void tearDown() throws SQLException {
        System.clearProperty(PostgresCopy.CHUNK_PROPERTY);
        engine.close();
        source.close();
        db.close();
    }

    @Test
    void anUnorderedCopyOverManyChunksLoadsEveryRowOnceAndPutsTheInsertionOrderSettingBack() throws Exception {
        long bytes = PostgresCopy.copy(source, "SELECT id, note FROM t", COLUMNS, new TestStaging(engine), "staged", "table t", false);

        assertThat(bytes).isGreaterThan(10L * (64 << 10));
        assertThat(value("SELECT count(*) FROM staged")).isEqualTo((long) ROWS);
        assertThat(value("SELECT count(DISTINCT id) FROM staged")).isEqualTo((long) ROWS);
        assertThat(value("SELECT sum(id) FROM staged").toString()).isEqualTo(String.valueOf((long) ROWS * (ROWS + 1) / 2));
        assertThat(value("SELECT note FROM staged WHERE id = 7")).isEqualTo("row 7, with \"quotes\" and a comma");
        assertThat(value("SELECT current_setting('preserve_insertion_order')")).isEqualTo(true);
        assertThat(engine.getAutoCommit()).isTrue();
    }

    @Test
    void anOrderedCopyKeepsTheQuerysOrderAcrossChunks() throws Exception {
        PostgresCopy.copy(source, "SELECT id, note FROM t ORDER BY id DESC", COLUMNS, new TestStaging(engine), "staged", "table t", true);

        assertThat(value("SELECT count(*) FROM staged")).isEqualTo((long) ROWS);
        assertThat(value("SELECT count(*) FROM (SELECT id + row_number() OVER (ORDER BY rowid) AS gap FROM staged) WHERE gap <> " + (ROWS + 1)))
                .as("rows staged in the query's order").isEqualTo(0L);
    }

    @Test
    void aChunkDuckDbCannotLoadFailsTheCopyLeavesNoRowsAndRemovesEveryChunkFile() throws Exception {
        Set<Path> before = chunkFiles();
        // the note column declared INTEGER: DuckDB refuses the first chunk while later ones still arrive
        List<SourceColumn> wrong = List.of(COLUMNS.get(0), new SourceColumn("note", "text", "INTEGER", ValueKind.INTEGER));

        assertThatThrownBy(() -> PostgresCopy.copy(source, "SELECT id, note FROM t", wrong, new TestStaging(engine), "staged", "table t", false))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("row ");

        assertThat(value("SELECT count(*) FROM staged")).as("the transaction rolled back").isEqualTo(0L);
        assertThat(chunkFiles()).as("chunk files left in the temporary folder").isEqualTo(before);
        assertThat(value("SELECT current_setting('preserve_insertion_order')")).isEqualTo(true);
    }

    private Object value(String sql) throws SQLException {
        try (Statement statement = engine.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private static Set<Path> chunkFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("tributary-pg-")).collect(Collectors.toSet());
        }
    }

    /** The engine's staging area reduced to what the COPY uses: a DuckDB connection and progress. */
    private record TestStaging(Connection connection) implements Staging {
        @Override
        public io.tributary.spi.TableRef newTable() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void execute(String sql, String label) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        @Override
        public void progress(String label, long rows) {}

        @Override
        public RejectSink rejects() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long runId() {
            return 1;
        }

        @Override
        public String pipeline() {
            return "test";
        }
    }
}
