package io.tributary.assess;

import io.tributary.spi.Source;
import io.tributary.spi.SourceException;
import io.tributary.spi.SourceState;
import io.tributary.spi.SourceUnit;
import io.tributary.spi.StagedStream;
import io.tributary.spi.StagedUnit;
import io.tributary.spi.TableRef;
import io.tributary.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A source read as a run reads it (plan with an empty state, so everything; read; stage each unit)
 * into a scratch engine, its units' tables joined into one table per destination table. Nothing is
 * published and no state is written, so the pipeline's next run is as if the assessment never happened.
 *
 * @param tables   destination table name → the table in the scratch engine holding all its staged rows
 * @param rejected destination table name → rows rejected while staging it
 * @param latencyMillis from the start of planning to the end of staging the first unit
 */
record StagedSource(Map<String, String> tables, Map<String, Long> rejected, long latencyMillis, List<String> warnings) {

    /** @param mainTable what to call the rows of the source's main table */
    static StagedSource stage(Source source, String mainTable, Connection engine) throws SourceException, SQLException {
        ScratchStaging staging = new ScratchStaging(engine);
        long started = System.nanoTime();
        long latency = -1;
        List<SourceUnit> units = source.plan(SourceState.EMPTY);
        Map<String, List<TableRef>> parts = new LinkedHashMap<>();
        Map<String, Long> rejected = new LinkedHashMap<>();
        if (!units.isEmpty()) {
            Source.SourceRead read = source.read(units, SourceState.EMPTY, staging);
            for (SourceUnit unit : units) {
                StagedUnit one = read.stage(unit);
                if (latency < 0) {
                    latency = (System.nanoTime() - started) / 1_000_000;
                }
                if (one.table() != null) {
                    parts.computeIfAbsent(mainTable, t -> new ArrayList<>()).add(one.table());
                    rejected.merge(mainTable, one.rejected(), Long::sum);
                } else if (!one.streams().isEmpty()) {
                    // a unit with only streams (a database source's tables): its rejects belong to them together
                    rejected.merge(one.streams().get(0).target().table(), one.rejected(), Long::sum);
                }
                for (StagedStream stream : one.streams()) {
                    parts.computeIfAbsent(stream.target().table(), t -> new ArrayList<>()).add(stream.table());
                    rejected.putIfAbsent(stream.target().table(), 0L);
                }
            }
        }
        if (latency < 0) {
            latency = (System.nanoTime() - started) / 1_000_000;
        }
        Map<String, String> tables = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, List<TableRef>> table : parts.entrySet()) {
            List<TableRef> refs = table.getValue();
            if (refs.size() == 1) {
                tables.put(table.getKey(), refs.get(0).quoted());
                continue;
            }
            String joined = Sql.ident("_assess_table_" + n++);
            try (Statement statement = engine.createStatement()) {
                statement.execute("CREATE TABLE " + joined + " AS " + String.join(" UNION ALL BY NAME ",
                        refs.stream().map(r -> "SELECT * FROM " + r.quoted()).toList()));
            }
            tables.put(table.getKey(), joined);
        }
        List<String> warnings = new ArrayList<>(staging.warnings());
        warnings.addAll(staging.rejectReasons().stream().map(r -> "rejected: " + r).toList());
        return new StagedSource(tables, rejected, latency, warnings);
    }
}
