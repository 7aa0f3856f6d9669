package io.tributary.models;

import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigReader;
import io.tributary.config.Location;
import io.tributary.config.Problems;
import io.tributary.config.Secrets;
import io.tributary.config.YamlReader;
import io.tributary.project.StepReader;
import io.tributary.quality.CheckSpec;
import io.tributary.spi.CheckTypes;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a project's {@code models/}: each {@code NAME.sql} is a model named NAME; its config is the
 * YAML flow map on a {@code -- tributary:} line among the file's leading comments, or
 * {@code NAME.yml} beside it (one or the other). Every problem is located (file:line:column).
 */
public final class ModelReader {
    public static final String MODELS_DIR = "models";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HEADER = Pattern.compile("^(\\s*--\\s*tributary:)(.*)$");

    private final CheckTypes checkTypes;
    private final Set<String> connections;

    /**
     * @param connections the connections {@code tributary.yml} declares, which a model's {@code destination:} may name
     */
    public ModelReader(CheckTypes checkTypes, Set<String> connections) {
        this.checkTypes = checkTypes;
        this.connections = connections;
    }

    /** The models of the project in {@code projectDir}, in file-name order; none when it has no {@code models/}. */
    public List<ModelSpec> read(Path projectDir, Problems problems) {
        Path dir = projectDir.resolve(MODELS_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        } catch (IOException e) {
            problems.add(Location.of(dir), "", "cannot list the models: " + e.getMessage(), null);
            return List.of();
        }
        List<ModelSpec> models = new ArrayList<>();
        for (Path file : files) {
            ModelSpec model = readModel(file, problems);
            if (model != null) {
                models.add(model);
            }
        }
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> p.getFileName().toString().endsWith(".yml") || p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !Files.exists(dir.resolve(baseName(p) + ".sql"))).sorted()
                    .forEach(p -> problems.add(Location.of(p), "", "the config " + p.getFileName() + " has no model beside it: there is no "
                            + baseName(p) + ".sql", "name the config after its model's file (orders_daily.sql → orders_daily.yml)"));
        } catch (IOException e) {
            problems.add(Location.of(dir), "", "cannot list the models: " + e.getMessage(), null);
        }
        return List.copyOf(models);
    }

    private ModelSpec readModel(Path file, Problems problems) {
        String name = baseName(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            problems.add(Location.of(file), "", "cannot read the model: " + e.getMessage(), null);
            return null;
        }
        int before = problems.size();
        if (!NAME.matcher(name).matches()) {
            problems.add(Location.of(file), "", "'" + name + "' is not a valid model name: the file's name is the table's",
                    "use letters, digits and _, not starting with a digit (daily_summary.sql)");
        }
        String[] lines = text.split("\n", -1);
        int selectLine = 0;
        ConfigNode header = null;
        for (int i = 0; i < lines.length && selectLine == 0; i++) {
            String line = lines[i].strip();
            Matcher matcher = HEADER.matcher(lines[i]);
            if (matcher.matches()) {
                // padded so that the YAML reader's positions are the file's
                String yaml = "\n".repeat(i) + " ".repeat(matcher.group(1).length()) + matcher.group(2);
                header = YamlReader.read(file, new StringReader(yaml), problems);
            } else if (!line.isEmpty() && !line.startsWith("--")) {
                selectLine = i + 1;
            }
        }
        String sql = stripTrailingSemicolon(text);
        if (selectLine == 0) {
            problems.add(Location.of(file), "", "the model " + name + " holds no SQL", "write one SELECT: the rows of the table " + name);
            return null;
        }
        Path configFile = file.resolveSibling(name + ".yml");
        ConfigNode config = header;
        if (Files.exists(configFile)) {
            if (header != null) {
                problems.add(Location.of(configFile), "", "the model " + name + " has its config both in " + configFile.getFileName()
                        + " and on its -- tributary: line", "keep one of the two");
            }
            config = YamlReader.read(configFile, problems);
        }
        ModelSpec model = config(name, file, sql, selectLine, config, problems);
        return problems.size() > before ? null : model;
    }

    private ModelSpec config(String name, Path file, String sql, int selectLine, ConfigNode node, Problems problems) {
        if (node == null) {
            return new ModelSpec(name, file, sql, selectLine, Materialization.TABLE, List.of(), null, List.of(), List.of(), null);
        }
        ConfigReader config = ConfigReader.of(node, "", problems, Secrets.of(java.util.Map.of()));
        if (config == null) {
            return null;
        }
        Materialization materialized = Materialization.valueOf(config.oneOf("materialized", "table", Materialization.NAMES)
                .toUpperCase(java.util.Locale.ROOT));
        List<String> uniqueKey = config.stringOrList("unique_key");
        String cursor = config.string("cursor", null);
        if (materialized == Materialization.INCREMENTAL && uniqueKey.isEmpty()) {
            config.problem("unique_key", "an incremental model merges its rows into the table by a key, and this one has none",
                    "e.g. {materialized: incremental, unique_key: order_id}");
        }
        if (materialized != Materialization.INCREMENTAL) {
            for (String key : List.of("unique_key", "cursor")) {
                if (config.has(key)) {
                    config.problem(key, key + " is for incremental models; this one is a " + materialized.word(),
                            "add materialized: incremental, or leave out " + key);
                }
            }
        }
        List<String> dependsOn = config.stringOrList("depends_on");
        String destination = config.string("destination", null);
        if (destination != null && !connections.contains(destination)) {
            config.problem("destination", "unknown connection '" + destination + "'",
                    connections.isEmpty() ? "declare it under connections: in tributary.yml" : "one of " + String.join(", ", connections));
        }
        config.string("description", null);
        List<CheckSpec> checks = StepReader.checks(config, checkTypes);
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).quarantine()) {
                config.problem("checks", "a model's checks cannot quarantine rows: a model's rows come from its SQL, fix them upstream",
                        "leave out quarantine: true, or put the check on the pipeline that loads the rows");
            }
        }
        config.finish();
        return new ModelSpec(name, file, sql, selectLine, materialized, uniqueKey, cursor, dependsOn, checks, destination);
    }

    private static String stripTrailingSemicolon(String text) {
        String trimmed = text.stripTrailing();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).stripTrailing();
        }
        return trimmed;
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }
}
