package io.tributary.cli;

import java.io.PrintWriter;

/** The {@code tributary} program. */
public final class Main {
    private Main() {}

    /**
     * Loading DuckDB's native library (unpacking ~70 MB from the jar) takes about half a second. Start it
     * now in the background so it overlaps with parsing the command line and the project; commands that
     * never touch the warehouse (--help, validate) do not wait for it.
     */
    private static void preloadDuckDb() {
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
    }

    public static void main(String[] args) {
        preloadDuckDb();
        PrintWriter out = new RedactingWriter(System.out);
        PrintWriter err = new RedactingWriter(System.err);
        int code = Cli.execute(args, out, err, System.console() != null);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
