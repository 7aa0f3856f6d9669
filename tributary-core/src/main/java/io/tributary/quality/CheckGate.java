package io.tributary.quality;

import io.tributary.metadata.CheckResult;
import io.tributary.quality.checks.NotNullCheck;
import io.tributary.spi.RowCondition;
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
 * Whether the run may publish is {@link #blocks}: any failed {@code error} check. The failing rows of
 * quarantining checks are in {@link Verdict#quarantine}: the run sets them aside and publishes the rest.
 */
public final class CheckGate {
    /** The description of the implicit not-null check of a merge key. */
    public static final String MERGE_KEY = "merge key";
    /** How a quarantining result's message says where its rows went (see {@link #notQuarantined}). */
    private static final String QUARANTINED_IN = " quarantined in ";

    private CheckGate() {}

    /**
     * What the gate decided for one table.
     *
     * @param quarantine the conditions whose rows go to the quarantine table, with the check each stands for
     */
    public record Verdict(List<CheckResult> results, List<Quarantined> quarantine) {}

    /** The failing rows of one quarantining check: {@code condition} names it and says which rows. */
    public record Quarantined(RowCondition condition, long rows) {}

    /** The implicit check of a merge: a row without a key could not be merged, so none is tolerated. */
    public static CheckSpec mergeKey(List<String> key) {
        return new CheckSpec("not_null", new NotNullCheck.Rule(key), Tolerance.count(0), CheckSpec.Severity.ERROR, MERGE_KEY);
    }

    public static Verdict run(Connection connection, long runId, String pipeline, TableName table, List<CheckSpec> checks,
                              String relation, Map<String, String> columns, CheckContext context) throws SQLException {
        long started = System.nanoTime();
        List<Checks.Outcome> outcomes = new Checks(connection, context).run(checks, relation, columns);
        long millis = (System.nanoTime() - started) / 1_000_000;
        List<CheckResult> results = new ArrayList<>();
        List<Quarantined> quarantine = new ArrayList<>();
        for (Checks.Outcome outcome : outcomes) {
            CheckSpec check = outcome.check();
            boolean quarantines = check.quarantine() && outcome.condition() != null && outcome.failing() > 0
                    && (outcome.passed() || check.severity() == CheckSpec.Severity.WARN);
            CheckResult.Status status;
            String message;
            if (quarantines) {
                quarantine.add(new Quarantined(outcome.condition(), outcome.failing()));
                status = CheckResult.Status.WARN;
                message = outcome.describe() + "; " + (outcome.failing() == 1 ? "it was" : "they were") + QUARANTINED_IN
                        + Quarantine.tableOf(table) + " (see them: tributary quarantine " + table.name() + ")";
            } else if (outcome.passed()) {
                status = CheckResult.Status.PASS;
                message = outcome.note() == null ? null : outcome.name() + ": " + outcome.note();
            } else {
                status = check.severity() == CheckSpec.Severity.WARN ? CheckResult.Status.WARN : CheckResult.Status.FAIL;
                message = outcome.describe() + (MERGE_KEY.equals(check.description()) ? " (rows without a merge key cannot be merged)" : "");
            }
            // the checks of one table are counted together in one pass: each is given the pass's time
            results.add(new CheckResult(runId, pipeline, table.toString(), outcome.name(), check.type(),
                    check.severity().name().toLowerCase(Locale.ROOT), status, outcome.failing(), outcome.rows(),
                    check.maxFailing().toString(), outcome.samples(), millis, message));
        }
        return new Verdict(results, quarantine);
    }

    /**
     * A quarantining check's result for a run another check stopped: nothing was set aside, so its
     * message must not say where the rows went. Other results are returned as they are.
     */
    public static CheckResult notQuarantined(CheckResult result) {
        String message = result.message();
        int at = message == null ? -1 : Math.max(message.lastIndexOf("; it was" + QUARANTINED_IN), message.lastIndexOf("; they were" + QUARANTINED_IN));
        if (at < 0) {
            return result;
        }
        return new CheckResult(result.runId(), result.pipeline(), result.table(), result.check(), result.type(), result.severity(),
                result.status(), result.failing(), result.rows(), result.threshold(), result.samples(), result.durationMillis(),
                message.substring(0, at) + "; not quarantined: the run failed on another check, nothing was published");
    }

    /** True when a result keeps the run from publishing. */
    public static boolean blocks(CheckResult result) {
        return result.status() == CheckResult.Status.FAIL || result.status() == CheckResult.Status.ERROR;
    }
}
