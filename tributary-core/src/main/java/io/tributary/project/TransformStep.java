package io.tributary.project;

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

    List<String> KINDS = List.of("rename", "drop", "cast", "derive");
}
