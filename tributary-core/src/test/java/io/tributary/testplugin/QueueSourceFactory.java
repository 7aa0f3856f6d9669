package io.tributary.testplugin;

import io.tributary.config.ConfigReader;
import io.tributary.config.DidYouMean;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.Source;
import io.tributary.spi.SourceContext;
import io.tributary.spi.SourceFactory;
import io.tributary.spi.SourceState;
import io.tributary.spi.SourceUnit;
import io.tributary.spi.StagedUnit;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
import io.tributary.sql.Sql;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * TEST ONLY: {@code source: {type: test_queue, connection: NAME, topic: T}} reads a topic of a
 * {@link QueueConnectionKind} connection, its typed settings found through the connection.
 */
public final class QueueSourceFactory implements SourceFactory {

    @Override
    public String type() {
        return "test_queue";
    }

    @Override
    public Source create(ConfigReader config, SourceContext context) {
        String name = config.requiredString("connection", "a connection of kind test_queue");
        String topic = config.requiredString("topic", "e.g. topic: orders");
        config.finish();
        if (name == null || topic == null) {
            return null;
        }
        ConnectionSpec connection = context.connections().get(name);
        if (connection == null || !"test_queue".equals(connection.kind())) {
            config.problem("connection", connection == null ? "unknown connection '" + name + "'"
                    : "connection '" + name + "' is of kind " + connection.kind() + ", not test_queue",
                    DidYouMean.hint(name, context.connections().keySet()));
            return null;
        }
        QueueConnectionKind.Settings settings = connection.settings(QueueConnectionKind.Settings.class);
        return new QueueSource(connection.describe() + "/" + topic, context.projectDir().resolve(settings.fixtures()).resolve(topic + ".csv"));
    }

    /** Reads the topic's messages (a CSV file) in one unit, every run. */
    record QueueSource(String describe, Path messages) implements Source {
        @Override
        public List<SourceUnit> plan(SourceState state) {
            return List.of(new SourceUnit(messages.toString(), messages.getFileName().toString(), 0, null, true));
        }

        @Override
        public SourceRead read(List<SourceUnit> units, SourceState state, Staging staging) {
            return unit -> {
                TableRef table = staging.newTable();
                try {
                    staging.execute("CREATE TABLE " + table + " AS SELECT * FROM read_csv(" + Sql.literal(messages.toString()) + ")", unit.label());
                    long rows = Sql.count(staging.connection(), table.quoted());
                    return new StagedUnit(table, rows, 0, 0, null);
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            };
        }
    }
}
