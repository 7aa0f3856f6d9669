package io.tributary.quality;

import io.tributary.metadata.CheckResult;
import io.tributary.quality.checks.NotNullCheck;
import io.tributary.spi.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The quality gate of one table: runs its checks on the rows about to be published and turns each
 * outcome into a {@link CheckResult} to keep (pass, warn or fail, with counts, threshold and samples).
 * Whether the run may publish is {@link #blocks}: any failed {@code error} check.
 */
public final class CheckGate {
    /** The description of the implicit not-null check of a merge key. */
    public static final String MERGE_KEY = "merge key";

    private CheckGate() {}

    /** The implicit check of a merge: a row without a key could not be merged, so none is tolerated. */
    public static CheckSpec mergeKey(List<String> key) {
        return new CheckSpec("not_null", new NotNullCheck.Rule(key), Tolerance.count(0), CheckSpec.Severity.ERROR, MERGE_KEY);
    }

    public static List<CheckResult> run(Connection connection, long runId, String pipeline, TableName table, List<CheckSpec> checks,
                                        String relation, Map<String, String> columns) throws SQLException {
        long started = System.nanoTime();
        List<Checks.Outcome> outcomes = new Checks(connection).run(checks, relation, columns);
        long millis = (System.nanoTime() - started) / 1_000_000;
        List<CheckResult> results = new ArrayList<>();
        for (Checks.Outcome outcome : outcomes) {
            CheckSpec check = outcome.check();
            CheckResult.Status status = outcome.passed() ? CheckResult.Status.PASS
                    : check.severity() == CheckSpec.Severity.WARN ? CheckResult.Status.WARN : CheckResult.Status.FAIL;
            String message = outcome.passed() ? null : outcome.describe()
                    + (MERGE_KEY.equals(check.description()) ? " (rows without a merge key cannot be merged)" : "");
            // the checks of one table are counted together in one pass: each is given the pass's time
            results.add(new CheckResult(runId, pipeline, table.toString(), outcome.name(), check.type(),
                    check.severity().name().toLowerCase(Locale.ROOT), status, outcome.failing(), outcome.rows(),
                    check.maxFailing().toString(), outcome.examples(), millis, message));
        }
        return results;
    }

    /** True when a result keeps the run from publishing. */
    public static boolean blocks(CheckResult result) {
        return result.status() == CheckResult.Status.FAIL || result.status() == CheckResult.Status.ERROR;
    }
}
