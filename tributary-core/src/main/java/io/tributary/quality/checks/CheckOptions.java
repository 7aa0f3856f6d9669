package io.tributary.quality.checks;

import io.tributary.config.ConfigReader;
import java.util.List;

/** Reading helpers the built-in check types share. */
final class CheckOptions {
    private CheckOptions() {}

    /** {@code not_null: [a, b]} or {@code unique: id}: at least one column. */
    static List<String> columns(ConfigReader item, String key) {
        List<String> list = item.stringOrList(key);
        if (list.isEmpty()) {
            item.problem(key, key + " needs at least one column", "e.g. " + key + ": [id]");
        }
        return list;
    }

    /** The one column of {@code {column: c, ...}}, or null (reported). */
    static String column(ConfigReader options) {
        return options.requiredString("column", "the column whose values are checked");
    }
}
