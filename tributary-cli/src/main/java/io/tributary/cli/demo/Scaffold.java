package io.tributary.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files {@code tributary init} writes: a commented, working project. */
public final class Scaffold {
    static final String PROJECT = """
            # A Tributary project. Every key is documented in docs/pipeline-spec.md.
            name: %s

            warehouse:
              path: .tributary/warehouse.duckdb   # the embedded DuckDB warehouse (keep it out of git)
              # memory_limit: 1GB                 # DuckDB spills to disk beyond this
              # threads: 2

            defaults:
              max_rejected: 1%%    # a run rejecting more rows than this fails and publishes nothing

            # Secrets come from the environment or a .env file beside this one, never from this file:
            # alerts:
            #   ops_slack: {type: slack, url: "${env:SLACK_WEBHOOK_URL}"}
            """;

    static final String PIPELINE = """
            name: orders
            description: Order exports dropped into data/orders/ by the shop
            schedule: "0 * * * *"          # cron: every hour (used by the scheduler; run it now with: tributary run orders)

            source:
              type: file
              path: data/orders/*.csv      # each new file is loaded once; changed files again
              csv:
                delimiter: ","
                header: true

            transform:
              - derive: {total_cents: "CAST(round(total_price * 100) AS BIGINT)"}

            checks:
              - not_null: [id, customer_email]
              - unique: id
              - range: {column: total_price, min: 0}

            load:
              table: orders
              mode: merge                  # insert new orders, update changed ones
              key: id
            """;

    static final String DATA = """
            id,created_at,customer_email,total_price,status
            1001,2026-01-03 10:15:00,ana@example.com,42.50,paid
            1002,2026-01-03 11:02:00,ben@example.com,17.00,paid
            1003,2026-01-04 09:40:00,ana@example.com,99.90,refunded
            1004,2026-01-05 16:21:00,chloe@example.com,8.25,pending
            """;

    private Scaffold() {}

    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("pipelines"));
        Files.createDirectories(dir.resolve("data/orders"));
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        write(dir.resolve("tributary.yml"), PROJECT.formatted(name));
        write(dir.resolve("pipelines/orders.yml"), PIPELINE);
        write(dir.resolve("data/orders/2026-01.csv"), DATA);
        write(dir.resolve(".gitignore"), ".tributary/\n.env\n");
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
