package io.tributary.project;

import io.tributary.config.Location;
import io.tributary.quality.checks.Bound;
import java.util.List;
import java.util.Map;

/** One declarative step of a pipeline's {@code transform:} list; each becomes SQL over the staged rows. */
public sealed interface TransformStep {
    /** {@code rename: {old_name: new_name}} */
    record Rename(Map<String, String> columns) implements TransformStep {}

    /** {@code drop: [column, ...]} */
    record Drop(List<String> columns) implements TransformStep {}

    /** {@code cast: {column: TYPE}}; a value that does not convert rejects its row. */
    record Cast(Map<String, String> columns) implements TransformStep {}

    /** {@code derive: {new_column: SQL expression}}; an existing column of that name is replaced. */
    record Derive(Map<String, String> columns) implements TransformStep {}

    /** {@code filter: "SQL condition"}: keeps the rows where it is true; the others are counted as filtered. */
    record Filter(String condition, Location at) implements TransformStep {}

    /**
     * {@code dedupe: {key: [columns], latest: column}}: one row per key, the one with the greatest
     * {@code latest} (null: the last in load order, as a merge keeps); the others are counted as filtered.
     */
    record Dedupe(List<String> key, String latest, Location at) implements TransformStep {}

    /** {@code bucket: {column, into, bounds, labels}}: {@code labels[i]} for {@code bounds[i-1] <= value < bounds[i]}. */
    record Bucket(String column, String into, List<Bound> bounds, List<String> labels, Location at) implements TransformStep {}

    /** {@code mask: {column: email|phone|last4|full}}: the value replaced by a masked text. */
    record Mask(Map<String, MaskStyle> columns, Location at) implements TransformStep {}

    /** {@code hash: {columns, salt}}: each value replaced by the SHA-256 hex of salt and value; {@code salt} may be empty. */
    record Hash(List<String> columns, String salt, Location at) implements TransformStep {}

    /** {@code explode: {column, into}}: one row per element of an array column. */
    record Explode(String column, String into, Location at) implements TransformStep {}

    /** How {@code mask} hides a value. */
    enum MaskStyle {
        /** {@code jane@example.com} → {@code j***@example.com} */
        EMAIL,
        /** the last 4 digits stay: {@code +1 555 123 4567} → {@code ****4567} */
        PHONE,
        /** the last 4 characters stay */
        LAST4,
        /** {@code ****} */
        FULL;

        public static final List<String> NAMES = List.of("email", "phone", "last4", "full");
    }

    /** Where the step is written; null for the steps that do not keep it. */
    default Location at() {
        return null;
    }

    List<String> KINDS = List.of("rename", "drop", "cast", "derive", "filter", "dedupe", "bucket", "mask", "hash", "explode");
}
