package io.tributary.quality;

import io.tributary.spi.Check;

/**
 * One data-quality check from a pipeline's {@code checks:} list, run on the rows about to be
 * published: what its {@link io.tributary.spi.CheckType} read ({@code check}) and the keys every check
 * has. A failing {@code error} check stops the run before anything is published; a failing
 * {@code warn} check is reported and the run goes on.
 *
 * @param type the check's type, the key it starts with ({@code not_null})
 */
public record CheckSpec(String type, Check check, Tolerance maxFailing, Severity severity, String description) {

    public enum Severity { ERROR, WARN }
}
