package io.tributary.quality;

import io.tributary.spi.Check;

/**
 * One data-quality check from a pipeline's {@code checks:} list, run on the rows about to be
 * published: what its {@link io.tributary.spi.CheckType} read ({@code check}) and the keys every check
 * has. A failing {@code error} check stops the run before anything is published; a failing
 * {@code warn} check is reported and the run goes on; a failing {@code quarantine} check sets its
 * failing rows aside in {@code <table>__quarantine} and the rest is published.
 *
 * @param type       the check's type, the key it starts with ({@code not_null})
 * @param table      the table it checks, as written ({@code order_line_items}); null for the pipeline's main table
 * @param quarantine set failing rows aside instead of judging the whole table (row-level checks only)
 */
public record CheckSpec(String type, Check check, Tolerance maxFailing, Severity severity, String description, String table,
                        boolean quarantine) {

    public enum Severity { ERROR, WARN }

    public CheckSpec(String type, Check check, Tolerance maxFailing, Severity severity, String description) {
        this(type, check, maxFailing, severity, description, null, false);
    }
}
