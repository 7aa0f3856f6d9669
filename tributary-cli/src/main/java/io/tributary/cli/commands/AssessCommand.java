package io.tributary.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.app.ConnectionTester;
import io.tributary.app.PipelineSelection;
import io.tributary.assess.Access;
import io.tributary.assess.Assessment;
import io.tributary.assess.Assessor;
import io.tributary.assess.ColumnProfile;
import io.tributary.assess.Plan;
import io.tributary.assess.Score;
import io.tributary.assess.Scores;
import io.tributary.assess.TableAssessment;
import io.tributary.assess.TableProfile;
import io.tributary.cli.output.Format;
import io.tributary.cli.output.Io;
import io.tributary.cli.output.TextTable;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.jdbc.ConnectionFailure;
import io.tributary.jdbc.Connections;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectLoader;
import io.tributary.project.ProjectSpec;
import io.tributary.spi.SourceRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "assess", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Assess a source without loading it: profile its tables (types, nulls, distinct values, patterns, duplicates, "
                + "freshness, change frequency), score completeness, accuracy, consistency, timeliness and accessibility, "
                + "and plan its pipeline (priority, complexity, schedule, volume, suggested checks). See docs/assess.md."},
        footer = {"", "Examples:", "  tributary assess orders", "  tributary assess --file data/customers.json --impact 8",
                "  tributary assess --connection crm --table public.customers --sample 100000 --format json"})
public final class AssessCommand implements Callable<Integer> {
    /** Output styles. */
    enum Style { table, json }

    private final Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "PIPELINE", arity = "0..1", description = "Assess this pipeline's source, as configured.")
    String pipeline;

    @Option(names = "--file", paramLabel = "PATH", description = "Assess a file, or each data file of a folder (CSV, JSON, Parquet, Excel).")
    Path file;

    @Option(names = "--connection", paramLabel = "NAME", description = "Assess the tables of this connection of tributary.yml.")
    String connection;

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE", description = "With --connection: only this table.")
    String table;

    @Option(names = "--sample", paramLabel = "N", description = "Profile at most N rows per table (a reservoir sample); counts of rows stay exact.")
    Long sample;

    @Option(names = "--key", paramLabel = "COLUMN", description = "The column tested for duplicates (default: id or a column ending in _id that is all distinct, else the first).")
    String key;

    @Option(names = "--impact", paramLabel = "1-10", description = "Business impact, for the priority (default: database 7, api 6, file 4, other 5).")
    Integer impact;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table or json (default ${DEFAULT-VALUE}).", defaultValue = "table")
    Style format;

    public AssessCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        int given = (pipeline != null ? 1 : 0) + (file != null ? 1 : 0) + (connection != null ? 1 : 0);
        if (given != 1) {
            throw TributaryException.invalid(given == 0 ? "say what to assess: a PIPELINE, --file PATH or --connection NAME"
                    : "give one of PIPELINE, --file and --connection, not several");
        }
        if (table != null && connection == null) {
            throw TributaryException.invalid("--table needs --connection NAME: the connection the table is in");
        }
        Assessor.Request request = new Assessor.Request(sample, key, impact, Instant.now());
        Path dir = project.dir();
        Assessment assessment;
        if (pipeline != null) {
            // another pipeline's broken file does not keep this one from being assessed (as for run)
            io.tributary.project.LoadedProject loaded = project.loadPartially();
            PipelineSpec chosen = PipelineSelection.select(loaded, List.of(pipeline), false).get(0);
            ProjectSpec spec = loaded.spec();
            assessment = new Assessor(SourceRegistry.load(), spec.dir(), spec.connections(), opener(dir)).pipeline(chosen, request);
        } else {
            Map<String, io.tributary.spi.ConnectionSpec> connections = connection != null ? ProjectLoader.standard().loadConnections(dir) : Map.of();
            Assessor assessor = new Assessor(SourceRegistry.load(), dir, connections, opener(dir));
            assessment = file != null ? assessor.file(file, request) : assessor.connection(connection, table, request);
        }
        if (format == Style.json) {
            printJson(assessment);
        } else {
            print(assessment);
        }
        return assessment.access().reached() ? ExitCode.OK : ExitCode.RUN_FAILED;
    }

    private static ConnectionTester.Opener opener(Path dir) {
        return spec -> {
            try {
                return Connections.open(spec, dir);
            } catch (ConnectionFailure e) {
                throw new ConnectionTester.Refused(e.reason(), e.hint(), e);
            }
        };
    }

    // ---------------------------------------------------------------------------------------------
    // table

    private void print(Assessment a) {
        Access access = a.access();
        io.out().println("Assessment of " + a.subject() + " (" + a.source() + ")");
        io.out().println(access.reached() ? "reached: first read in " + Format.millis(access.latencyMillis()) + ", auth " + access.auth()
                : "NOT REACHED: " + access.error() + (access.auth().equals("failed") ? " (auth failed)" : ""));
        if (a.unreachable() != null) {
            io.out().println();
            printScores(a.unreachable());
            return;
        }
        for (TableAssessment t : a.tables()) {
            TableProfile p = t.profile();
            io.out().println();
            io.out().println("Table " + p.table() + ": " + Format.rows(p.rows())
                    + (p.profiledRows() < p.rows() ? " (profiled a sample of " + Format.count(p.profiledRows()) + ")" : "")
                    + (p.rejected() > 0 ? ", " + Format.count(p.rejected()) + " rejected by the reader" : "")
                    + (p.key() == null ? "" : "; key " + p.key() + ": " + Format.count(p.duplicateKeys()) + " duplicate" + (p.duplicateKeys() == 1 ? "" : "s")));
            TextTable columns = new TextTable(List.of("COLUMN", "TYPE", "NULL %", "DISTINCT %", "MIN", "MAX", "PATTERN", "NEWEST (AGE)", "TOP VALUES"));
            for (ColumnProfile c : p.columns()) {
                columns.add(List.of(c.name(), c.type() + (c.mixedTypes() ? " (mixed)" : ""), pct(p.percent(c.nulls()))
                        + (c.nullLike() > 0 ? " +" + c.nullLike() + " \"NULL\"" : ""), pct(p.percent(c.distinct())), cut(c.min()), cut(c.max()),
                        c.format() == null ? "" : c.format() + " " + pct(c.conformance()),
                        c.newest() == null ? "" : cut(c.newest()) + " (" + Scores.age(c.ageSeconds()) + ")",
                        c.top().stream().map(v -> cut(v.value()) + " ×" + v.count()).collect(Collectors.joining(", "))));
            }
            columns.print(io.out());
            io.out().println();
            printScores(t.scores());
            Plan plan = t.plan();
            io.out().println();
            TextTable planTable = new TextTable(List.of("PLAN", "VALUE", "WHY")).lastColumnWhole();
            planTable.add(List.of("priority", plan.priority(), "impact " + plan.impact() + (impact == null ? " (default for " + a.kind() + ")" : "")));
            List<String> harder = Plan.complexityReasons(p, a.tables().size());
            planTable.add(List.of("complexity", plan.complexity(), harder.isEmpty() ? p.columns().size() + " columns, one table, one type per column"
                    : String.join("; ", harder)));
            planTable.add(List.of("schedule", "\"" + plan.schedule() + "\"", plan.why()
                    + (p.changesPerDay() == null ? "" : String.format(Locale.ROOT, "; %.1f updates/day", p.changesPerDay()))));
            planTable.add(List.of("volume", plan.volume(), Format.rows(p.rows())));
            planTable.print(io.out());
            io.out().println();
            io.out().println("Suggested checks (paste into the pipeline file):");
            io.out().print(t.suggestedChecks());
        }
        if (!a.warnings().isEmpty()) {
            io.out().println();
            a.warnings().forEach(w -> io.out().println("warning: " + w));
        }
    }

    private void printScores(Scores s) {
        TextTable scores = new TextTable(List.of("SCORE", "VALUE", "REASON")).lastColumnWhole();
        scores.add(row("completeness", s.completeness()));
        scores.add(row("accuracy", s.accuracy()));
        scores.add(row("consistency", s.consistency()));
        scores.add(row("timeliness", s.timeliness()));
        scores.add(row("accessibility", s.accessibility()));
        scores.print(io.out());
    }

    private static List<String> row(String name, Score score) {
        return List.of(name, String.valueOf(score.value()), score.reason());
    }

    private static String pct(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** Long values would push the table off the screen. */
    private static String cut(String value) {
        if (value == null) {
            return "";
        }
        String one = value.replace('\n', ' ');
        return one.length() > 24 ? one.substring(0, 23) + "…" : one;
    }

    // ---------------------------------------------------------------------------------------------
    // json

    private void printJson(Assessment a) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("subject", a.subject());
        root.put("kind", a.kind());
        root.put("source", a.source());
        ObjectNode access = root.putObject("accessibility");
        access.put("reached", a.access().reached());
        if (a.access().reached()) {
            access.put("latency_ms", a.access().latencyMillis());
        } else {
            access.putNull("latency_ms");
        }
        access.put("auth", a.access().auth());
        access.put("error", a.access().error());
        root.put("impact", a.impact());
        if (a.unreachable() != null) {
            scores(root.putObject("scores"), a.unreachable());
        }
        ArrayNode tables = root.putArray("tables");
        for (TableAssessment t : a.tables()) {
            TableProfile p = t.profile();
            ObjectNode node = tables.addObject();
            node.put("table", p.table());
            node.put("rows", p.rows());
            node.put("profiled_rows", p.profiledRows());
            node.put("rejected_rows", p.rejected());
            node.put("key", p.key());
            node.put("duplicate_keys", p.duplicateKeys());
            ObjectNode change = node.putObject("change_frequency");
            change.put("column", p.updateColumn());
            change.put("median_interval_seconds", p.medianChangeSeconds());
            change.put("updates_per_day", p.changesPerDay());
            ArrayNode columns = node.putArray("columns");
            for (ColumnProfile c : p.columns()) {
                ObjectNode column = columns.addObject();
                column.put("name", c.name());
                column.put("type", c.type());
                column.put("nulls", c.nulls());
                column.put("null_pct", round(p.percent(c.nulls())));
                column.put("null_like_text", c.nullLike());
                column.put("missing_pct", round(p.percent(c.missing())));
                column.put("distinct", c.distinct());
                column.put("distinct_pct", round(p.percent(c.distinct())));
                column.put("min", c.min());
                column.put("max", c.max());
                ArrayNode top = column.putArray("top");
                c.top().forEach(v -> top.addObject().put("value", v.value()).put("count", v.count()));
                column.put("pattern", c.format());
                column.put("pattern_conformance_pct", c.conformance() == null ? null : round(c.conformance()));
                column.put("mixed_types", c.mixedTypes());
                column.put("negative_amounts", c.negatives());
                column.put("newest", c.newest());
                column.put("age_seconds", c.ageSeconds());
            }
            scores(node.putObject("scores"), t.scores());
            ObjectNode plan = node.putObject("plan");
            plan.put("priority", t.plan().priority());
            plan.put("impact", t.plan().impact());
            plan.put("complexity", t.plan().complexity());
            ArrayNode harder = plan.putArray("complexity_reasons");
            Plan.complexityReasons(p, a.tables().size()).forEach(harder::add);
            plan.put("schedule", t.plan().schedule());
            plan.put("schedule_reason", t.plan().why());
            plan.put("volume", t.plan().volume());
            plan.put("suggested_checks", t.suggestedChecks());
        }
        ArrayNode warnings = root.putArray("warnings");
        a.warnings().forEach(warnings::add);
        try {
            io.out().println(json.writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void scores(ObjectNode node, Scores s) {
        score(node, "completeness", s.completeness());
        score(node, "accuracy", s.accuracy());
        score(node, "consistency", s.consistency());
        score(node, "timeliness", s.timeliness());
        score(node, "accessibility", s.accessibility());
    }

    private static void score(ObjectNode node, String name, Score score) {
        node.putObject(name).put("score", score.value()).put("reason", score.reason());
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
