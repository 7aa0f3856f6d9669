package io.tributary.cli.commands;

import io.tributary.cli.output.Io;
import io.tributary.cli.demo.DemoProject;
import io.tributary.cli.output.ConsoleRunListener;
import io.tributary.cli.output.QueryPrinter;
import io.tributary.query.QueryResult;
import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.warehouse.Warehouse;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectLoader;
import io.tributary.project.ProjectSpec;
import io.tributary.app.RunRequest;
import io.tributary.app.RunService;
import io.tributary.app.ModelBuilds;
import io.tributary.cli.demo.shop.CaughtReport;
import io.tributary.cli.demo.shop.DemoReport;
import io.tributary.cli.demo.shop.ShopDemo;
import io.tributary.cli.output.ModelPrinter;
import io.tributary.cli.output.PrefixedRunListener;
import io.tributary.models.ModelResult;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Start a demo shop (Shopify orders, Stripe charges), run the e-commerce pack on it and show the shop's last 30 days "
                + "and what the checks caught. --tour: the file formats instead.")
public final class DemoCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to create the demo project (default: a new temporary folder).")
    Path dir;

    @Option(names = "--now", paramLabel = "INSTANT",
            description = "The demo shop's 90 days end at this instant (e.g. 2026-03-15T12:00:00Z) instead of now: the same shop, the same numbers, every time.")
    java.time.Instant now;

    /** The file-format tour, the demo before the shop pack, kept as a second example project. */
    @Option(names = "--tour", description = "The file-format tour: a shop's CSV, JSON, Parquet and Excel exports loaded, one incrementally.")
    boolean tour;

    public DemoCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException, SQLException {
        Path target = dir != null ? dir : Files.createTempDirectory("tributary-demo-");
        if (Files.exists(target.resolve("tributary.yml"))) {
            throw TributaryException.invalid(target + " already holds a project; give an empty folder with --dir");
        }
        return tour ? tour(target) : shop(target);
    }

    /**
     * The e-commerce pack against a demo shop served on 127.0.0.1: both pipelines at once, the models
     * after them, then the shop's numbers and what the checks caught.
     */
    private int shop(Path target) throws SQLException {
        PrintWriter out = io.out();
        try (ShopDemo demo = ShopDemo.start(now == null ? Clock.systemUTC() : Clock.fixed(now, java.time.ZoneOffset.UTC))) {
            demo.writeProject(target);
            out.println("Demo shop: Shopify orders at " + demo.server().shopifyBaseUrl() + ", Stripe charges at " + demo.server().stripeBaseUrl());
            out.println("Demo project (the e-commerce pack, examples/shop): " + target.toAbsolutePath());
            out.println();
            ProjectSpec spec = ProjectLoader.standard().load(target);
            List<RunResult> results;
            List<ModelResult> models;
            try (RunService service = RunService.open(spec)) {
                results = service.runAll(spec.pipelines(), RunRequest.NOW, 2, pipeline -> RunListener.all(List.of(
                        new PrefixedRunListener(out, pipeline.name()), new RunListener() {
                            @Override
                            public void finished(RunResult result) {
                                synchronized (out) {
                                    RunCommand.print(result, out);
                                }
                            }
                        })));
                ModelBuilds builds = service.models();
                models = builds.build(builds.after(results), false, new ModelPrinter(out));
                out.println();
                boolean ok = results.stream().allMatch(RunResult::succeeded) && models.stream().allMatch(ModelResult::succeeded);
                if (!ok) {
                    out.println("The demo did not finish: see the failures above.");
                    return ExitCode.RUN_FAILED;
                }
                DemoReport.read(service.warehouse().connection()).print(out);
                out.println();
                CaughtReport.of(results).print(out);
                out.println();
                out.println("Warehouse: " + service.warehouse().path());
            }
        }
        out.println();
        out.println("Explore:");
        out.println("  ./tributary -p " + target + " sql \"SELECT * FROM revenue_trend ORDER BY date DESC LIMIT 7\"");
        out.println("  ./tributary -p " + target + " checks orders          # every check's result, kept per run");
        out.println("  ./tributary -p " + target + " quarantine orders      # the rows set aside, and how to release them");
        out.println("  ./tributary -p " + target + " models --list          # the SQL models in models/, in build order");
        out.println("  ./tributary -p " + target + " runs");
        out.println("  ./tributary demo --tour                       # the file formats (CSV, JSON, Parquet, Excel) instead");
        return ExitCode.OK;
    }

    /** The file-format tour: a shop's CSV, JSON, Parquet and Excel exports, one loaded again incrementally. */
    private int tour(Path target) throws IOException, SQLException {
        PrintWriter out = io.out();
        DemoProject demo = new DemoProject(target);
        demo.write();
        out.println("Demo project: " + target.toAbsolutePath());
        out.println();

        ProjectSpec spec = ProjectLoader.standard().load(target);
        boolean ok = true;
        try (RunService service = RunService.open(spec)) {
            Warehouse warehouse = service.warehouse();
            RunListener console = new ConsoleRunListener(out, io.terminal());
            for (PipelineSpec pipeline : spec.pipelines()) {
                RunResult result = service.run(pipeline, RunRequest.NOW, console);
                RunCommand.print(result, out);
                ok &= result.succeeded();
            }
            out.println();
            out.println("A new month of orders arrives; only that file is read:");
            demo.addOrdersMonth("2026-11", 1_500, LocalDate.of(2026, 11, 1));
            RunResult incremental = service.run(spec.pipeline("orders").orElseThrow(), RunRequest.NOW, console);
            RunCommand.print(incremental, out);
            ok &= incremental.succeeded();

            out.println();
            section(out, warehouse, "Tables in the warehouse",
                    "SELECT table_name AS \"table\", estimated_size AS \"rows\", column_count AS columns FROM duckdb_tables() "
                            + "WHERE schema_name = 'main' ORDER BY table_name");
            section(out, warehouse, "Revenue by month (orders)",
                    "SELECT order_month AS month, count(*) AS orders, round(sum(total_price), 2) AS revenue FROM orders "
                            + "WHERE status <> 'refunded' GROUP BY ALL ORDER BY month");
            section(out, warehouse, "Top categories (orders joined to products)",
                    "SELECT p.category, count(*) AS orders, round(sum(o.total_price), 2) AS revenue FROM orders o "
                            + "JOIN products p ON p.id = o.product_id GROUP BY ALL ORDER BY revenue DESC LIMIT 5");
            section(out, warehouse, "Web events, nested JSON flattened",
                    "SELECT id, type, user__id, user__country, page__path FROM web_events ORDER BY id LIMIT 3");
            section(out, warehouse, "Rejected rows (nothing is dropped silently)",
                    "SELECT run_id, unit AS file, line, reason, raw FROM _tributary.rejected_rows ORDER BY run_id, line LIMIT 5");
            out.println("Warehouse: " + warehouse.path());
        }
        out.println();
        out.println("Try:");
        out.println("  ./tributary -p " + target + " tables");
        out.println("  ./tributary -p " + target + " runs");
        out.println("  ./tributary -p " + target + " sql \"SELECT status, count(*) FROM orders GROUP BY status\"");
        return ok ? ExitCode.OK : ExitCode.RUN_FAILED;
    }

    private static void section(PrintWriter out, Warehouse warehouse, String title, String sql) throws SQLException {
        out.println("== " + title);
        try (QueryResult result = QueryResult.execute(warehouse.connection(), sql, false)) {
            new QueryPrinter(out, QueryPrinter.Style.table, 20).print(result);
        } catch (SQLException e) {
            out.println("(could not show this: " + e.getMessage() + ")");
        }
        out.println();
    }
}
