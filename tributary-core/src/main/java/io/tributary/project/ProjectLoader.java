package io.tributary.project;

import io.tributary.quality.CheckSpec;
import io.tributary.quality.Tolerance;
import io.tributary.spi.AlertChannelSettings;
import io.tributary.spi.AlertChannelType;
import io.tributary.spi.ConnectionKind;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.LoadMode;
import io.tributary.spi.LoadSpec;
import io.tributary.sql.SchemaPolicy;
import io.tributary.spi.TableName;

import io.tributary.schedule.CatchUp;
import io.tributary.schedule.Concurrency;
import io.tributary.schedule.Cron;
import io.tributary.schedule.Scheduling;
import java.time.ZoneId;
import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigReader;
import io.tributary.config.DidYouMean;
import io.tributary.config.Location;
import io.tributary.config.Problem;
import io.tributary.config.Problems;
import io.tributary.config.Secrets;
import io.tributary.config.YamlReader;
import io.tributary.error.InvalidProjectException;
import io.tributary.error.TributaryException;
import io.tributary.spi.DestinationRegistry;
import io.tributary.spi.Source;
import io.tributary.spi.SourceContext;
import io.tributary.spi.SourceFactory;
import io.tributary.spi.SourceRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads and validates a project in three layers: each file's keys and types, the rules within a
 * block (a merge needs a key), then the whole project (unique names and tables, known alert
 * channels). Every problem is collected, located in its file. {@link #load} wants the whole project
 * valid; {@link #loadPartially} keeps the pipelines that are, so one broken file stops only its own.
 * Which source types, connection kinds, alert channel types and check types exist is whatever
 * {@link ProjectKinds} found registered: the loader knows none of them by name.
 */
public final class ProjectLoader {
    public static final String PROJECT_FILE = "tributary.yml";
    public static final String PIPELINES_DIR = "pipelines";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

    private final ProjectKinds kinds;
    private final Map<String, String> environment;

    public ProjectLoader(SourceRegistry registry, Map<String, String> environment) {
        this(ProjectKinds.withSources(registry), environment);
    }

    public ProjectLoader(SourceRegistry registry, DestinationRegistry destinations, Map<String, String> environment) {
        this(ProjectKinds.withSources(registry).withDestinations(destinations), environment);
    }

    public ProjectLoader(ProjectKinds kinds, Map<String, String> environment) {
        this.kinds = kinds;
        this.environment = environment;
    }

    public static ProjectLoader standard() {
        return new ProjectLoader(ProjectKinds.load(), System.getenv());
    }

    /** Loads the project in {@code dir}; throws {@link InvalidProjectException} listing every problem. */
    public ProjectSpec load(Path dir) {
        return loadPartially(dir).requireValid();
    }

    /**
     * Loads what validates: the pipelines whose files have no problem, and the broken files with
     * their problems. Throws {@link InvalidProjectException} (listing every problem) only when
     * {@code tributary.yml} itself is invalid, since every pipeline depends on it.
     */
    public LoadedProject loadPartially(Path dir) {
        Settings read = readSettings(dir);
        ProjectSettings settings = read.settings();
        Problems problems = read.problems();
        List<Path> files = pipelineFiles(read.projectDir());
        List<PipelineSpec> pipelines = new ArrayList<>();
        Map<Path, KeyLocations> locations = new HashMap<>();
        Map<Path, String> names = new HashMap<>();
        for (Path file : files) {
            PipelineReader reader = new PipelineReader(kinds, settings, read.projectDir());
            PipelineSpec pipeline = reader.read(file, problems, read.secrets(), locations);
            if (pipeline != null) {
                pipelines.add(pipeline);
            }
            names.put(file, reader.name());
        }
        checkProject(pipelines, settings, problems, locations);
        Map<Path, Map<String, Location>> after = new HashMap<>();
        locations.forEach((file, at) -> after.put(file, at.after()));
        AfterGraph.check(pipelines, names.values(), after, problems);
        return partition(read.projectDir(), settings, files, pipelines, names, problems);
    }

    /** Each problem belongs to the pipeline file it is located in; any other (tributary.yml's) fails the project. */
    private static LoadedProject partition(Path projectDir, ProjectSettings settings, List<Path> files, List<PipelineSpec> pipelines,
                                           Map<Path, String> names, Problems problems) {
        Map<Path, List<Problem>> byFile = new LinkedHashMap<>();
        files.forEach(file -> byFile.put(file, new ArrayList<>()));
        for (Problem problem : problems.list()) {
            List<Problem> own = byFile.get(problem.location().file());
            if (own == null) {
                throw new InvalidProjectException(problems);
            }
            own.add(problem);
        }
        List<BrokenPipeline> broken = new ArrayList<>();
        byFile.forEach((file, own) -> {
            if (!own.isEmpty()) {
                broken.add(new BrokenPipeline(file, names.get(file), List.copyOf(own)));
            }
        });
        List<PipelineSpec> valid = pipelines.stream().filter(p -> byFile.get(p.file()).isEmpty()).toList();
        return new LoadedProject(new ProjectSpec(projectDir, settings.name, settings.warehouse, settings.connections, settings.alerts, valid,
                settings.metadata, settings.server, settings.alerting, settings.health, settings.history),
                broken);
    }

    /**
     * Only {@code tributary.yml}'s connections: enough for {@code tributary connections test}, so a
     * broken pipeline file does not stop a user from checking that a database is reachable.
     */
    public Map<String, ConnectionSpec> loadConnections(Path dir) {
        Settings read = readSettings(dir);
        if (!read.problems().isEmpty()) {
            throw new InvalidProjectException(read.problems());
        }
        return read.settings().connections;
    }

    /**
     * Only {@code tributary.yml}'s alert channels, with the project's name: enough for {@code tributary
     * alerts test}, so a broken pipeline file does not stop a user from checking that alerts arrive.
     */
    public AlertChannels loadAlerts(Path dir) {
        Settings read = readSettings(dir);
        if (!read.problems().isEmpty()) {
            throw new InvalidProjectException(read.problems());
        }
        return new AlertChannels(read.settings().name, read.settings().alerts);
    }

    /**
     * Only {@code tributary.yml}'s warehouse: enough for the commands that read the warehouse
     * (runs, tables, sql), so that a broken pipeline file never hides the run history that would
     * help to fix it.
     */
    public WarehouseSpec loadWarehouse(Path dir) {
        Settings read = readSettings(dir);
        if (!read.problems().isEmpty()) {
            throw new InvalidProjectException(read.problems());
        }
        return read.settings().warehouse;
    }

    /**
     * Only {@code tributary.yml}'s {@code metadata:} (where the run history lives), for the same
     * commands as {@link #loadWarehouse}.
     */
    public MetadataSpec loadMetadata(Path dir) {
        Settings read = readSettings(dir);
        if (!read.problems().isEmpty()) {
            throw new InvalidProjectException(read.problems());
        }
        return read.settings().metadata;
    }

    private record Settings(Path projectDir, Secrets secrets, ProjectSettings settings, Problems problems) {}

    private Settings readSettings(Path dir) {
        Path projectDir = dir.toAbsolutePath().normalize();
        Path projectFile = projectDir.resolve(PROJECT_FILE);
        if (!Files.isRegularFile(projectFile)) {
            throw TributaryException.invalid("no " + PROJECT_FILE + " in " + projectDir
                    + ": run the command inside a Tributary project, give one with --project DIR, or create one with: tributary init DIR");
        }
        Secrets secrets;
        try {
            secrets = Secrets.forProject(projectDir, environment);
        } catch (IOException e) {
            throw TributaryException.invalid("cannot read " + projectDir.resolve(".env") + ": " + e.getMessage());
        }
        Problems problems = new Problems();
        ProjectSettings settings = readProjectFile(projectDir, projectFile, problems, secrets, kinds);
        return new Settings(projectDir, secrets, settings, problems);
    }

    static List<Path> pipelineFiles(Path projectDir) {
        Path folder = projectDir.resolve(PIPELINES_DIR);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw TributaryException.invalid("cannot list " + folder + ": " + e.getMessage());
        }
    }

    /** What tributary.yml says, with defaults filled in. */
    static final class ProjectSettings {
        String name;
        WarehouseSpec warehouse;
        Tolerance maxRejected = Tolerance.DEFAULT;
        String destination;
        DestinationRegistry destinations;
        Map<String, ConnectionSpec> connections = new LinkedHashMap<>();
        Map<String, AlertChannel> alerts = new LinkedHashMap<>();
        MetadataSpec metadata = MetadataSpec.IN_WAREHOUSE;
        AlertingSpec alerting = AlertingSpec.DEFAULT;
        ZoneId timezone = ZoneId.of("UTC");
        ServerSpec server = ServerSpec.DEFAULTS;
        HealthThresholds health = HealthThresholds.DEFAULT;
        HistorySpec history = HistorySpec.DEFAULT;
    }

    /** {@code timezone:}, an IANA zone such as Europe/Berlin; {@code fallback} when absent or wrong (a problem then). */
    static ZoneId readZone(ConfigReader config, ZoneId fallback) {
        String name = config.string("timezone", null);
        if (name == null) {
            return fallback;
        }
        try {
            return ZoneId.of(name);
        } catch (java.time.DateTimeException e) {
            config.problem("timezone", "'" + name + "' is not a time zone", "an IANA name such as Europe/Berlin, America/New_York or UTC");
            return fallback;
        }
    }

    private static ProjectSettings readProjectFile(Path projectDir, Path file, Problems problems, Secrets secrets,
                                                   ProjectKinds kinds) {
        ProjectSettings settings = new ProjectSettings();
        settings.destinations = kinds.destinations();
        settings.name = projectDir.getFileName().toString();
        settings.warehouse = new WarehouseSpec(projectDir.resolve(".tributary/warehouse.duckdb"), null, null);
        ConfigNode root = YamlReader.read(file, problems);
        if (root == null) {
            return settings;
        }
        ConfigReader config = ConfigReader.of(root, "", problems, secrets);
        if (config == null) {
            return settings;
        }
        settings.name = config.string("name", settings.name);
        settings.timezone = readZone(config, ZoneId.of("UTC"));
        ConfigReader warehouse = config.map("warehouse");
        if (warehouse != null) {
            String path = warehouse.string("path", ".tributary/warehouse.duckdb");
            String memory = warehouse.string("memory_limit", null);
            if (memory != null && !memory.matches("(?i)\\s*\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\\s*")) {
                warehouse.problem("memory_limit", "'" + memory + "' is not a size", "write it like 1GB or 512MB");
                memory = null;
            }
            Long threads = warehouse.integer("threads", null, 1, 1024);
            warehouse.finish();
            settings.warehouse = new WarehouseSpec(projectDir.resolve(path), memory, threads == null ? null : threads.intValue());
        }
        ConfigReader defaults = config.map("defaults");
        if (defaults != null) {
            settings.maxRejected = readTolerance(defaults, "max_rejected", Tolerance.DEFAULT);
            settings.destination = defaults.string("destination", null);
            defaults.finish();
        }
        ConfigReader connections = config.map("connections");
        if (connections != null) {
            for (String name : connections.keys()) {
                ConfigReader entry = connections.map(name);
                if (entry != null) {
                    settings.connections.put(name, readConnection(name, entry, kinds));
                }
            }
        }
        settings.metadata = MetadataReader.read(config, settings.connections);
        if (settings.destination != null && defaults != null) {
            checkDestination(defaults, settings.destination, settings);
        }
        ConfigReader alerts = config.map("alerts");
        if (alerts != null) {
            for (String channel : alerts.keys()) {
                ConfigReader entry = alerts.map(channel);
                if (entry == null) {
                    continue;
                }
                settings.alerts.put(channel, readAlertChannel(channel, entry, kinds));
            }
        }
        settings.server = ServerSpec.read(config);
        settings.alerting = AlertRulesReader.project(config, settings.alerts.keySet());
        settings.health = HealthReader.read(config, HealthThresholds.DEFAULT);
        settings.history = HistorySpec.read(config);
        config.finish();
        return settings;
    }

    /** The connection's {@code kind:} chooses who reads the rest of its keys. */
    private static ConnectionSpec readConnection(String name, ConfigReader entry, ProjectKinds kinds) {
        if (!NAME.matcher(name).matches()) {
            entry.problems().add(entry.location(), entry.path(), "'" + name + "' is not a valid connection name", "use letters, digits, _ and -");
        }
        List<String> known = kinds.connections().names();
        String kind = entry.oneOf("kind", null, known);
        if (!entry.has("kind")) {
            entry.requiredString("kind", "one of " + String.join(", ", known));
        }
        ConnectionKind reader = kind == null ? null : kinds.connections().get(kind);
        if (reader == null) {
            // Without a known kind nobody knows which other keys are right: the kind's problem is the one
            // to fix. The name stays defined, so pipelines naming it do not add "unknown connection".
            return ConnectionSpec.of(name, "", null, entry.location());
        }
        return reader.read(name, kind, entry);
    }

    /**
     * An alert channel's {@code type:} chooses who reads the rest of its keys. A channel whose keys
     * are wrong is still a channel pipelines may name: its own problems are the ones to report.
     */
    private static AlertChannel readAlertChannel(String channel, ConfigReader entry, ProjectKinds kinds) {
        List<String> known = kinds.alerts().types();
        String type = entry.oneOf("type", null, known);
        if (!entry.has("type")) {
            entry.requiredString("type", "one of " + String.join(", ", known));
        }
        AlertChannelType reader = type == null ? null : kinds.alerts().get(type);
        AlertChannelSettings settings = reader == null ? null : reader.read(channel, entry);
        return new AlertChannel(channel, type, settings, entry.location());
    }

    /** A {@code destination:} must name a connection whose kind a destination connector serves. */
    static void checkDestination(ConfigReader config, String destination, ProjectSettings settings) {
        ConnectionSpec connection = settings.connections.get(destination);
        if (connection != null && connection.kind().isEmpty()) {
            return; // its kind is missing or unknown: reported in tributary.yml
        }
        if (connection == null) {
            config.problem("destination", "unknown connection '" + destination + "'", settings.connections.isEmpty()
                    ? "define it under connections: in " + PROJECT_FILE : DidYouMean.hint(destination, settings.connections.keySet()));
        } else if (settings.destinations.get(connection.kind()) == null) {
            config.problem("destination", "connection '" + destination + "' is of kind " + connection.kind() + ", which cannot be a destination",
                    "destinations can be " + (settings.destinations.kinds().isEmpty() ? "none in this build"
                            : String.join(", ", settings.destinations.kinds())) + "; leave out destination to load into the DuckDB warehouse");
        }
    }

    static Tolerance readTolerance(ConfigReader config, String key, Tolerance defaultValue) {
        ConfigNode node = config.node(key);
        if (node == null) {
            return defaultValue;
        }
        if (node instanceof ConfigNode.ScalarNode scalar && scalar.text() != null) {
            String text = scalar.text().strip();
            try {
                if (scalar.kind() == ConfigNode.ScalarNode.Kind.INTEGER) {
                    long count = Long.parseLong(text);
                    if (count >= 0) {
                        return Tolerance.count(count);
                    }
                } else if (scalar.kind() == ConfigNode.ScalarNode.Kind.DECIMAL) {
                    double fraction = Double.parseDouble(text);
                    if (fraction >= 0 && fraction <= 1) {
                        return Tolerance.fraction(fraction);
                    }
                } else if (text.endsWith("%")) {
                    double percent = Double.parseDouble(text.substring(0, text.length() - 1).strip());
                    if (percent >= 0 && percent <= 100) {
                        return Tolerance.fraction(percent / 100);
                    }
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        config.problem(key, "expected a row count (like 10), a fraction (like 0.01) or a percentage (like \"1%\")",
                "0 tolerates no bad row at all");
        return defaultValue;
    }

    /**
     * Where a pipeline file writes the values that project-wide checks compare, so a clash between
     * two files points at the line to change, not at the top of the file.
     */
    record KeyLocations(Location name, Location table, Map<String, Location> alerts, Map<String, Location> after) {
        static KeyLocations of(ConfigReader config) {
            Location table = config.location();
            if (config.node("load") instanceof ConfigNode.MapNode load) {
                ConfigNode value = load.entries().get("table");
                table = value != null ? value.location() : load.location();
            }
            Map<String, Location> alerts = new HashMap<>();
            ConfigNode list = config.node("alerts");
            List<ConfigNode> items = list instanceof ConfigNode.ListNode l ? l.items() : list == null ? List.of() : List.of(list);
            for (ConfigNode item : items) {
                if (item instanceof ConfigNode.ScalarNode scalar && scalar.text() != null) {
                    alerts.putIfAbsent(scalar.text(), scalar.location());
                }
            }
            Map<String, Location> after = new HashMap<>();
            if (config.node("after") instanceof ConfigNode.ListNode upstreams) {
                upstreams.items().forEach(item -> {
                    if (item instanceof ConfigNode.ScalarNode scalar && scalar.text() != null) {
                        after.putIfAbsent(scalar.text(), scalar.location());
                    }
                });
            } else if (config.node("after") instanceof ConfigNode.ScalarNode scalar && scalar.text() != null) {
                after.put(scalar.text(), scalar.location());
            }
            return new KeyLocations(config.locationOf("name"), table, alerts, after);
        }
    }

    private static void checkProject(List<PipelineSpec> pipelines, ProjectSettings settings, Problems problems,
                                     Map<Path, KeyLocations> locations) {
        Map<String, PipelineSpec> byName = new HashMap<>();
        Map<String, PipelineSpec> byTable = new HashMap<>();
        for (PipelineSpec pipeline : pipelines) {
            KeyLocations at = locations.get(pipeline.file());
            PipelineSpec sameName = byName.putIfAbsent(pipeline.name(), pipeline);
            if (sameName != null) {
                problems.add(at.name(), "name", "two pipelines are named '" + pipeline.name() + "': this one and "
                        + sameName.file().getFileName(), "pipeline names must be unique; rename one");
            }
            String table = pipeline.load().table().toString();
            String where = pipeline.load().destination() == null ? "" : pipeline.load().destination() + ":";
            PipelineSpec sameTable = byTable.putIfAbsent(where + table, pipeline);
            if (sameTable != null) {
                problems.add(at.table(), "load.table", "pipelines '" + sameTable.name() + "' and '" + pipeline.name()
                        + "' both load table " + table, "each table has one owning pipeline; give one of them another load.table");
            }
            for (String alert : pipeline.alerts()) {
                if (!settings.alerts.containsKey(alert)) {
                    problems.add(at.alerts().getOrDefault(alert, pipeline.location()), "alerts", "unknown alert channel '" + alert + "'",
                            settings.alerts.isEmpty() ? "define it under alerts: in " + PROJECT_FILE
                                    : DidYouMean.hint(alert, settings.alerts.keySet()));
                }
            }
        }
    }

    /** Reads one pipeline file. */
    static final class PipelineReader {
        private final ProjectKinds kinds;
        private final SourceRegistry registry;
        private final ProjectSettings settings;
        private final Path projectDir;
        private String name;

        PipelineReader(ProjectKinds kinds, ProjectSettings settings, Path projectDir) {
            this.kinds = kinds;
            this.registry = kinds.sources();
            this.settings = settings;
            this.projectDir = projectDir;
        }

        /** The name the file declares, once read (null when unreadable). */
        String name() {
            return name;
        }

        PipelineSpec read(Path file, Problems problems, Secrets secrets, Map<Path, KeyLocations> locations) {
            ConfigNode root = YamlReader.read(file, problems);
            if (root == null) {
                return null;
            }
            ConfigReader config = ConfigReader.of(root, "", problems, secrets);
            if (config == null) {
                return null;
            }
            int before = problems.size();
            String name = config.requiredString("name", "e.g. name: shop_orders");
            this.name = name;
            if (name != null && !NAME.matcher(name).matches()) {
                config.problem("name", "'" + name + "' is not a valid pipeline name", "use letters, digits, _ and -");
            }
            String description = config.string("description", null);
            String schedule = config.string("schedule", null);
            ZoneId zone = readZone(config, settings.timezone);
            CatchUp catchUp = CatchUp.valueOf(config.oneOf("catchup", "latest", CatchUp.NAMES).toUpperCase(java.util.Locale.ROOT));
            Scheduling.Retries retries = readRetries(config);
            Concurrency concurrency = Concurrency.valueOf(config.oneOf("concurrency", "skip", Concurrency.NAMES).toUpperCase(java.util.Locale.ROOT));
            java.time.Duration timeout = config.has("timeout") ? ServerSpec.Timeouts.read(config) : settings.server.timeout();
            List<String> after = config.stringOrList("after");
            if (!after.isEmpty() && schedule != null) {
                config.problem("schedule", "pipeline " + name + " runs after " + String.join(", ", after)
                        + " (after:), so it cannot also have a schedule", "remove schedule: (it runs once its upstreams' runs of one fire time "
                        + "have succeeded), or remove after:");
            }
            Cron cron = null;
            if (schedule != null) {
                try {
                    cron = Cron.parse(schedule, zone);
                } catch (IllegalArgumentException e) {
                    config.problem("schedule", "'" + schedule + "' is not a valid cron expression: " + e.getMessage(),
                            "five fields: minute hour day-of-month month day-of-week, e.g. \"0 * * * *\" for hourly, or @hourly, @daily");
                }
            }
            LoadSpec load = readLoad(config, name, settings);
            String sourceType = null;
            Source source = null;
            ConfigReader sourceConfig = config.map("source");
            if (sourceConfig == null) {
                if (!config.has("source")) {
                    problems.add(config.location(), "source", "the key 'source' is required", "e.g. source: {type: file, path: data/orders.csv}");
                }
            } else {
                sourceType = sourceConfig.requiredString("type", "one of " + String.join(", ", registry.types()));
                if (sourceType != null) {
                    SourceFactory factory = registry.get(sourceType);
                    if (factory == null) {
                        sourceConfig.problem("type", "unknown source type '" + sourceType + "'", DidYouMean.hint(sourceType, registry.types()));
                    } else {
                        source = factory.create(sourceConfig, new SourceContext(projectDir, name, settings.connections, load));
                    }
                }
            }
            if (load != null && load.mode() == LoadMode.MERGE && load.key().isEmpty() && (source == null || !source.keysItsTables())) {
                ConfigReader loadConfig = config.map("load");
                problems.add(loadConfig.location(), loadConfig.pathOf("key"), "mode merge needs a key: the column(s) that identify a row",
                        "e.g. key: id, or key: [order_id, line_no]");
            }
            List<TransformStep> transform = StepReader.transform(config);
            List<CheckSpec> checks = StepReader.checks(config, kinds.checks());
            Tolerance maxRejected = readTolerance(config, "max_rejected", settings.maxRejected);
            PipelineAlerts alertRules = AlertRulesReader.pipeline(config, settings.alerts.keySet());
            List<String> alerts = alertRules.channels();
            PipelineSpec.ModelsAfter models = readModelsAfter(config);
            HealthThresholds health = HealthReader.read(config, settings.health);
            locations.put(file, KeyLocations.of(config));
            config.finish();
            if (problems.size() > before || source == null || load == null) {
                return null;
            }
            return new PipelineSpec(file, name, description, schedule, sourceType, source, transform, checks, load, maxRejected,
                    alerts, new Location(file, 1, 1), models, new Scheduling(cron, catchUp, retries, concurrency, timeout, after), alertRules,
                    health);
        }

        /** {@code retries: {attempts: 3, backoff: 30s}}: attempts in all (1 to 10), the first wait. */
        private static Scheduling.Retries readRetries(ConfigReader config) {
            ConfigReader retries = config.map("retries");
            if (retries == null) {
                return Scheduling.Retries.NONE;
            }
            Long attempts = retries.integer("attempts", 3L, 1, 10);
            java.time.Duration wait = io.tributary.config.Durations.read(retries, "backoff", java.time.Duration.ofSeconds(30));
            retries.finish();
            return new Scheduling.Retries(attempts == null ? 3 : attempts.intValue(), wait);
        }

        /** {@code models: downstream} (the default), {@code none}, or a list of model names. */
        private static PipelineSpec.ModelsAfter readModelsAfter(ConfigReader config) {
            if (!config.has("models")) {
                return PipelineSpec.ModelsAfter.DOWNSTREAM;
            }
            if (config.node("models") instanceof ConfigNode.ListNode) {
                List<String> named = config.stringOrList("models");
                return named.isEmpty() ? PipelineSpec.ModelsAfter.NONE : new PipelineSpec.ModelsAfter(false, named);
            }
            String word = config.oneOf("models", "downstream", List.of("downstream", "none"));
            return "none".equals(word) ? PipelineSpec.ModelsAfter.NONE : PipelineSpec.ModelsAfter.DOWNSTREAM;
        }

        private static LoadSpec readLoad(ConfigReader config, String pipelineName, ProjectSettings settings) {
            ConfigReader load = config.map("load");
            if (load == null) {
                if (!config.has("load")) {
                    config.problem("load", "the key 'load' is required", "e.g. load: {table: orders, mode: append}");
                }
                return null;
            }
            String table = load.string("table", pipelineName);
            if (table != null && (table.isBlank() || table.startsWith(io.tributary.warehouse.Warehouse.META + ".")
                    || table.startsWith(io.tributary.warehouse.Warehouse.STAGE_PREFIX) || table.chars().filter(c -> c == '.').count() > 1)) {
                load.problem("table", "'" + table + "' cannot be a destination table",
                        "write table or schema.table; the schema _tributary and names starting with _tributary_stage_ are Tributary's own");
            }
            String modeName = load.oneOf("mode", "append", LoadMode.NAMES);
            LoadMode mode = LoadMode.valueOf(modeName.toUpperCase(java.util.Locale.ROOT));
            List<String> key = load.stringOrList("key");
            String destination = load.string("destination", settings.destination);
            if (load.has("destination")) {
                checkDestination(load, destination, settings);
            }
            SchemaPolicy policy = SchemaPolicy.DEFAULT;
            ConfigReader schema = load.map("schema");
            if (schema != null) {
                policy = new SchemaPolicy(schema.bool("evolve", true), schema.bool("widen_to_varchar", false),
                        schema.bool("widen_to_double", false));
                schema.finish();
            }
            load.finish();
            return table == null ? null : new LoadSpec(TableName.parse(table), mode, key, policy, destination);
        }

        private static Problems problems(ConfigReader reader) {
            return reader.problems();
        }
    }
}
