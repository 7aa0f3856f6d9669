package io.tributary.connectors.file;

import io.tributary.config.ConfigReader;
import io.tributary.sql.Columns;
import io.tributary.sql.ExactDecimals;
import io.tributary.sql.Sql;
import io.tributary.sql.TypeWidening;
import io.tributary.sql.SchemaPolicy;
import io.tributary.spi.SourceState;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Parquet through DuckDB's {@code read_parquet}: typed data, so no row is rejected. Files of one run
 * whose column is an exact number (DECIMAL, integer) in some and DOUBLE in others would meet as
 * DOUBLE, rounding the exact values; when every DOUBLE value has an exact decimal form that fits with
 * them (the digits it prints as, such as 19.99), those files are read as that DECIMAL instead.
 */
final class ParquetFormat implements FileFormat {
    private ParquetFormat() {}

    static ParquetFormat configure(ConfigReader parquet) {
        return new ParquetFormat();
    }

    @Override
    public Counts stage(Path file, String unit, TableRef ref, Staging staging) throws SQLException {
        String table = ref.quoted();
        return stage(file, unit, table, staging, Map.of());
    }

    /** {@code casts}: column → the SQL expression it is read as instead of its own type. */
    private static Counts stage(Path file, String unit, String table, Staging staging, Map<String, String> casts) throws SQLException {
        String select = casts.isEmpty() ? "*" : "* REPLACE (" + casts.entrySet().stream()
                .map(e -> e.getValue() + " AS " + Sql.ident(e.getKey())).collect(Collectors.joining(", ")) + ")";
        staging.execute("CREATE TABLE " + table + " AS SELECT " + select + " FROM " + read(file), unit);
        return new Counts(Sql.count(staging.connection(), table), 0);
    }

    private static String read(Path file) {
        return "read_parquet(" + Sql.literal(file.toString()) + ")";
    }

    /** Reads every file's schema (its footer only) and, for a column exact in some files and DOUBLE in others, decides one type. */
    @Override
    public RunReading prepare(List<RunFile> files, SourceState state, Staging staging) throws SQLException {
        Connection connection = staging.connection();
        Map<String, Map<RunFile, String>> types = new LinkedHashMap<>();
        for (RunFile file : files) {
            Map<String, String> columns;
            try {
                columns = Columns.of(connection, "SELECT * FROM " + read(file.path()));
            } catch (SQLException e) {
                continue; // not Parquet: its own read says so, naming it
            }
            columns.forEach((name, type) -> types.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(file, type));
        }
        Map<Path, Map<String, String>> casts = new HashMap<>();
        for (Map.Entry<String, Map<RunFile, String>> column : types.entrySet()) {
            Map<RunFile, String> byFile = column.getValue();
            List<RunFile> exact = byFile.keySet().stream().filter(f -> TypeWidening.isExact(byFile.get(f))).toList();
            List<RunFile> approximate = byFile.keySet().stream().filter(f -> isApproximate(byFile.get(f))).toList();
            if (exact.isEmpty() || approximate.isEmpty()) {
                continue;
            }
            String name = column.getKey();
            String common = common(connection, name, byFile, exact, approximate);
            if (common == null) {
                staging.warn("column " + name + " is " + byFile.get(exact.get(0)) + " in " + exact.get(0).label() + " but "
                        + byFile.get(approximate.get(0)) + " in " + approximate.get(0).label() + ", whose values are not all exact decimals "
                        + "that fit beside it, so it is DOUBLE in this run: values of more than 15 significant digits are rounded. "
                        + "Write the files with one type to keep them exact.");
                continue;
            }
            for (RunFile file : approximate) {
                casts.computeIfAbsent(file.path(), p -> new LinkedHashMap<>()).put(name, ExactDecimals.fromDouble(Sql.ident(name), common));
            }
        }
        return (file, unit, table, stagingOfFile) -> stage(file, unit, table.quoted(), stagingOfFile, casts.getOrDefault(file, Map.of()));
    }

    /** The exact type holding the column's values in every file, the DOUBLE ones by their decimal form; null when there is none. */
    private static String common(Connection connection, String name, Map<RunFile, String> byFile, List<RunFile> exact,
                                 List<RunFile> approximate) throws SQLException {
        List<String> held = new ArrayList<>();
        exact.forEach(f -> held.add(byFile.get(f)));
        for (RunFile file : approximate) {
            String decimal = ExactDecimals.ofDoubles(connection, read(file.path()), Sql.ident(name)).smallest();
            if (decimal == null) {
                return null;
            }
            held.add(decimal);
        }
        String common = held.get(0);
        for (String type : held.subList(1, held.size())) {
            common = TypeWidening.widen(common, type, SchemaPolicy.DEFAULT);
            if (common == null) {
                return null;
            }
        }
        return common;
    }

    private static boolean isApproximate(String type) {
        return type.equals("DOUBLE") || type.equals("FLOAT");
    }
}
