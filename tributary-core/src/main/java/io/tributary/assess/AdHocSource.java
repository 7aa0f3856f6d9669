package io.tributary.assess;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigReader;
import io.tributary.config.Problems;
import io.tributary.config.Secrets;
import io.tributary.config.YamlReader;
import io.tributary.error.TributaryException;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.LoadMode;
import io.tributary.spi.LoadSpec;
import io.tributary.spi.Source;
import io.tributary.spi.SourceContext;
import io.tributary.spi.SourceFactory;
import io.tributary.spi.SourceRegistry;
import io.tributary.spi.TableName;
import io.tributary.sql.SchemaPolicy;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A source configured as if a pipeline declared it ({@code source: {type: file, path: ...}}), through
 * the factory registered for its type: a file or a connection's table is then read by the same
 * connector, with the same type inference, as a pipeline would read it. Core names no connector.
 */
final class AdHocSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdHocSource() {}

    /**
     * @param settings the keys of the {@code source:} block, {@code type} among them
     * @param projectDir where relative paths resolve and the project's {@code drivers/} are
     */
    static Source create(SourceRegistry registry, Map<String, Object> settings, Path projectDir, Map<String, ConnectionSpec> connections) {
        String type = String.valueOf(settings.get("type"));
        SourceFactory factory = registry.get(type);
        if (factory == null) {
            throw TributaryException.invalid("no '" + type + "' connector on the class path (have: " + String.join(", ", registry.types()) + ")");
        }
        String yaml;
        try {
            yaml = JSON.writeValueAsString(settings); // JSON is YAML
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Problems problems = new Problems();
        Path origin = projectDir.resolve("<assess>");
        ConfigNode node = YamlReader.read(origin, new StringReader(yaml), problems);
        Source source = null;
        if (node != null) {
            ConfigReader config = ConfigReader.of(node, "source", problems, Secrets.of(Map.of()));
            if (config != null) {
                config.requiredString("type", null); // read here, as the project loader does: the factory reads the rest
                LoadSpec load = new LoadSpec(new TableName("main", "assess"), LoadMode.REPLACE, java.util.List.of(), SchemaPolicy.DEFAULT);
                source = factory.create(config, new SourceContext(projectDir, "assess", connections, load));
            }
        }
        if (!problems.isEmpty() || source == null) {
            throw TributaryException.invalid("cannot assess " + describe(settings) + ": " + problems.list().stream()
                    .map(p -> p.message() + (p.hint() == null ? "" : " (" + p.hint() + ")")).collect(Collectors.joining("; ")));
        }
        return source;
    }

    private static String describe(Map<String, Object> settings) {
        return settings.entrySet().stream().filter(e -> !e.getKey().equals("type")).map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
