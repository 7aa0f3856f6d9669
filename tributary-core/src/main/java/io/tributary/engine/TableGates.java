package io.tributary.engine;

import io.tributary.error.TributaryException;
import io.tributary.metadata.CheckResult;
import io.tributary.metadata.MetadataStore;
import io.tributary.project.PipelineSpec;
import io.tributary.quality.CheckContext;
import io.tributary.quality.CheckGate;
import io.tributary.quality.CheckSpec;
import io.tributary.quality.Quarantine;
import io.tributary.spi.LoadMode;
import io.tributary.spi.TableName;
import io.tributary.spi.TableRef;
import io.tributary.sql.Columns;
import io.tributary.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quality gate of a run's tables: each table's checks (the merge key's not-null check, the
 * pipeline's checks on the main table, those with {@code table:} on theirs), then the quarantine of
 * the rows that quarantining checks set aside, which become rows of {@code <table>__quarantine}
 * published with the rest in the same transaction.
 */
final class TableGates {
    private static final int HISTORY_SCAN = 200;

    private final PipelineSpec pipeline;
    private final long runId;
    private final MetadataStore store;
    private final RunStaging staging;
    private final boolean inWarehouse;
    private final Tally tally;
    private final Instant now = Instant.now();

    TableGates(PipelineSpec pipeline, long runId, MetadataStore store, RunStaging staging, boolean inWarehouse, Tally tally) {
        this.pipeline = pipeline;
        this.runId = runId;
        this.store = store;
        this.staging = staging;
        this.inWarehouse = inWarehouse;
        this.tally = tally;
    }

    /** A table's checks and what they decided: the rows to publish (quarantined ones taken out) and where the set-aside rows go. */
    record Gated(List<TargetRows> targets, List<CheckResult> results) {}

    Gated run(List<TargetRows> targets, boolean hasMainTable) throws SQLException {
        List<TargetRows> out = new ArrayList<>();
        List<CheckResult> results = new ArrayList<>();
        List<CheckSpec> unmatched = new ArrayList<>(pipeline.checks());
        // what a relationships check sees of a table of this run: its rows as published, so after its own quarantine
        Map<TableName, String> staged = new LinkedHashMap<>();
        targets.forEach(t -> staged.put(t.target().table(), t.data().userRelation()));
        for (TargetRows table : targets) {
            boolean mainTable = hasMainTable && table.target().table().equals(pipeline.load().table());
            List<CheckSpec> specs = specs(table, mainTable);
            unmatched.removeAll(specs);
            if (specs.isEmpty()) {
                out.add(table);
                continue;
            }
            CheckGate.Verdict verdict = CheckGate.run(staging.connection(), runId, pipeline.name(), table.target().table(), specs,
                    table.data().userRelation(), table.data().columns(), context(staged, table.target().table()));
            results.addAll(verdict.results());
            if (verdict.quarantine().isEmpty() || verdict.results().stream().anyMatch(CheckGate::blocks)) {
                out.add(table);
            } else {
                TargetRows kept = quarantine(table, verdict.quarantine(), out);
                staged.put(kept.target().table(), kept.data().userRelation());
            }
        }
        for (CheckSpec check : unmatched) {
            if (check.table() != null) {
                tally.warn("check " + check.type() + " on table " + check.table() + " did not run: this run loaded no rows into "
                        + check.table() + " (its tables: " + String.join(", ", targets.stream().map(t -> t.target().table().name()).toList()) + ")");
            }
        }
        return new Gated(out, results);
    }

    private List<CheckSpec> specs(TargetRows table, boolean mainTable) {
        TableTarget target = table.target();
        StagedData data = table.data();
        List<CheckSpec> specs = new ArrayList<>();
        if (target.keyed()) {
            if (target.key().isEmpty()) {
                throw TributaryException.invalid("table " + target.table() + " has no key to merge on (the source found no primary key); "
                        + "use load.mode append or replace, or give the source a key");
            }
            for (String key : target.key()) {
                if (!data.columns().containsKey(key)) {
                    throw TributaryException.invalid("the merge key column " + key + " is not in the data for table " + target.table()
                            + "; its columns are " + String.join(", ", data.columns().keySet()) + ". Fix load.key in " + pipeline.file().getFileName());
                }
            }
            specs.add(CheckGate.mergeKey(target.key()));
        }
        for (CheckSpec check : pipeline.checks()) {
            if (check.table() == null ? mainTable : names(check.table(), target.table())) {
                specs.add(check);
            }
        }
        return specs;
    }

    /** {@code orders} or {@code shop.orders} for table {@code shop.orders}. */
    private boolean names(String written, TableName table) {
        return resolve(written).equals(table);
    }

    private TableName resolve(String written) {
        return written.contains(".") ? TableName.parse(written) : new TableName(pipeline.load().table().schema(), written);
    }

    private CheckContext context(Map<TableName, String> staged, TableName checked) {
        return new CheckContext(now, name -> relationOf(staged, name), (check, limit) -> {
            List<Long> counts = new ArrayList<>();
            for (CheckResult earlier : store.checkHistory(pipeline.name(), check, HISTORY_SCAN)) {
                if (counts.size() < limit && earlier.runId() != runId && earlier.table().equals(checked.toString())
                        && earlier.status() != CheckResult.Status.FAIL && earlier.status() != CheckResult.Status.ERROR) {
                    counts.add(earlier.rows());
                }
            }
            return counts;
        });
    }

    /**
     * Another table as a check sees it: the rows this run stages for it, with those already published
     * when the destination is the warehouse (a database destination's tables are not readable from
     * here, so there only the run's own rows count).
     */
    private String relationOf(Map<TableName, String> stagedTables, String written) throws SQLException {
        TableName table = resolve(written);
        String staged = stagedTables.get(table);
        String published = inWarehouse && exists(table) ? table.quoted() : null;
        if (staged != null && published != null) {
            return "(SELECT * FROM " + staged + " UNION ALL BY NAME SELECT * FROM " + published + ")";
        }
        return staged != null ? staged : published;
    }

    private boolean exists(TableName table) throws SQLException {
        return Sql.tableExists(staging.connection(), table.schema(), table.name());
    }

    /**
     * Splits a table's rows: the failing ones are copied once into a staging table of their own (their
     * ids are drawn once), the others are the staged rows without them, matched by staging position.
     */
    private TargetRows quarantine(TargetRows table, List<CheckGate.Quarantined> conditions, List<TargetRows> out) throws SQLException {
        StagedData data = table.data();
        TableRef set = staging.newTable();
        staging.execute("CREATE TABLE " + set.quoted() + " AS " + Quarantine.failingRows(data.relation(), conditions, runId),
                "setting aside the rows quarantining checks failed");
        long rows = Sql.count(staging.connection(), set.quoted());
        String kept = "(SELECT staged.* FROM " + data.relation() + " AS staged ANTI JOIN " + set.quoted() + " AS q ON staged."
                + StagedData.UNIT + " = q." + StagedData.UNIT + " AND staged." + StagedData.ROW + " = q." + StagedData.ROW + ")";
        TargetRows keptRows = new TargetRows(table.target(), new StagedData(data.tables(), kept, data.columns(), false));
        out.add(keptRows);
        Map<String, String> columns = new LinkedHashMap<>(Columns.of(staging.connection(), StagedData.withoutOrdering(set.quoted())));
        TableTarget target = table.target();
        TableTarget into = new TableTarget(Quarantine.tableOf(target.table()), LoadMode.APPEND, List.of(), false, target.schema(), null);
        out.add(new TargetRows(into, new StagedData(List.of(set), set.quoted(), columns, false)));
        tally.quarantinedAfterStaging(rows);
        return keptRows;
    }
}
