package io.tributary.spi;

import io.tributary.config.ConfigReader;
import java.util.List;

/**
 * A type of data-quality check in a pipeline's {@code checks:} list, chosen by the key an item starts
 * with ({@code - not_null: [id]}) and registered through
 * {@code META-INF/services/io.tributary.spi.CheckType}. The built-in checks register the same way, so
 * a new one never touches the engine. Checks run as SQL in DuckDB on the rows about to be published.
 */
public interface CheckType {

    /** The key a check of this type starts with, e.g. {@code not_null}. */
    String name();

    /**
     * The keys that say how many failing rows are tolerated, read in order (a later one wins); the
     * engine reads them with the other keys every check has ({@code severity}, {@code description}).
     */
    default List<String> toleranceKeys() {
        return List.of("max_failing");
    }

    /**
     * Called when the project is loaded: reads this check's options from its list item, the value
     * under {@link #name()} first ({@code item.node(name())}, {@code item.map(name())}), reporting each
     * problem to {@code item.problems()}. Must not call {@code item.finish()}: the engine does, after
     * the keys every check has. Returns null when the check is unusable (its problems reported).
     */
    Check read(ConfigReader item);

    /**
     * True when a check of this type judges each row on its own ({@link Check#rowConditions}), so its
     * failing rows can be set aside with {@code quarantine: true} and the rest published.
     */
    default boolean quarantinable() {
        return false;
    }
}
