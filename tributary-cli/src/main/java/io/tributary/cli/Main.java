package io.tributary.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;

/** The {@code tributary} program. */
public final class Main {
    /** The commands that open the warehouse, or (assess) a DuckDB of their own, and so load DuckDB's native library. */
    static final Set<String> WAREHOUSE_COMMANDS = Set.of("run", "runs", "tables", "sql", "demo", "assess");

    private Main() {}

    public static void main(String[] args) {
        Thread preload = needsWarehouse(args) ? preloadDuckDb() : null;
        PrintWriter out = new RedactingWriter(System.out);
        PrintWriter err = new RedactingWriter(System.err);
        int code = Cli.execute(args, out, err, System.console() != null);
        out.flush();
        err.flush();
        awaitPreload(preload);
        System.exit(code);
    }

    static boolean needsWarehouse(String[] args) {
        return List.of(args).stream().anyMatch(WAREHOUSE_COMMANDS::contains) && !List.of(args).contains("--help")
                && !List.of(args).contains("-h");
    }

    /**
     * Loading DuckDB's native library (unpacking ~70 MB from the jar into the temporary folder) takes
     * about half a second. Start it now in the background so it overlaps with parsing the command line
     * and the project. Only for commands that open the warehouse: --help or validate never wait for it.
     */
    private static Thread preloadDuckDb() {
        Thread preload = new Thread(() -> {
            try {
                Class.forName("org.duckdb.DuckDBNative", true, Main.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // the first real connection reports the problem with its context
            }
            NativeLibraryLeftovers.clean();
        }, "duckdb-preload");
        preload.setDaemon(true);
        preload.start();
        return preload;
    }

    /**
     * A command that failed early (a usage error, an invalid project) may end while the library is
     * still being unpacked. Exiting then would leave a partial copy in the temporary folder, because
     * the driver asks for its deletion only once the copy is complete; so wait for it.
     */
    private static void awaitPreload(Thread preload) {
        if (preload == null) {
            return;
        }
        try {
            preload.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
