package io.tributary.connectors.file;

import io.tributary.config.ConfigReader;
import io.tributary.engine.Sql;
import io.tributary.spi.Staging;
import java.nio.file.Path;
import java.sql.SQLException;

/** Parquet through DuckDB's {@code read_parquet}: typed data, so no row is rejected. */
final class ParquetFormat implements FileFormat {
    private ParquetFormat() {}

    static ParquetFormat configure(ConfigReader parquet) {
        return new ParquetFormat();
    }

    @Override
    public Counts stage(Path file, String unit, String table, Staging staging) throws SQLException {
        staging.execute("CREATE TABLE " + table + " AS SELECT * FROM read_parquet(" + Sql.literal(file.toString()) + ")", unit);
        return new Counts(Sql.count(staging.connection(), table), 0);
    }
}
