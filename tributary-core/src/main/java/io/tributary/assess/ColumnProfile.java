package io.tributary.assess;

import java.util.List;

/**
 * What one column of a profiled table holds. Percentages are of the profiled rows (the sample when
 * {@code --sample} bounded them), 0–100.
 *
 * @param type          DuckDB's type for the column, as the source's reader inferred it
 * @param nulls         SQL NULLs
 * @param nullLike      text values that stand for a missing value ({@code "NULL"}, {@code "n/a"}, empty...): missing
 *                      to a person, a value to SQL, so counted apart
 * @param distinct      distinct non-NULL values (exact, over the profiled rows)
 * @param min           the smallest value as text; null for nested types or no value
 * @param top           the five most frequent values with their counts
 * @param domain        every distinct value when there are at most {@value Profiler#DOMAIN} of them (candidates for
 *                      accepted_values), else empty
 * @param format        the built-in pattern the text column looks like (email, phone, iso_date), or null
 * @param conformance   the % of its non-NULL values matching {@code format}; null without a format
 * @param numericValues text values that read as numbers (JSON: number values) (a text column holding numbers and words has mixed types)
 * @param textValues    text values that do not read as numbers (JSON: string values), not counting the null-like ones
 * @param negatives     values below zero in a numeric column whose name says it is an amount (price, total...), else 0
 * @param newest        the newest value of a date or timestamp column, as text; null otherwise
 * @param ageSeconds    how old {@code newest} is at the time of the assessment; null without it
 */
public record ColumnProfile(String name, String type, long nulls, long nullLike, long distinct, String min, String max,
                            List<ValueCount> top, List<String> domain, String format, Double conformance, long numericValues, long textValues,
                            long negatives, String newest, Long ageSeconds) {

    /** One frequent value. */
    public record ValueCount(String value, long count) {}

    /** Missing to a person: SQL NULLs and null-like strings. */
    public long missing() {
        return nulls + nullLike;
    }

    public boolean isText() {
        return type.equals("VARCHAR");
    }

    public boolean isTemporal() {
        return Types.temporal(type);
    }

    public boolean isNested() {
        return Types.nested(type);
    }

    /** Holds numbers and words side by side (as text, or as JSON of both kinds): the source had both for this column. */
    public boolean mixedTypes() {
        return (isText() || type.equals("JSON")) && numericValues > 0 && textValues > 0;
    }
}
