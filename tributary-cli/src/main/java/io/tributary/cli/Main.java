package io.tributary.cli;

import java.io.PrintWriter;

/** The {@code tributary} program. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new RedactingWriter(System.out);
        PrintWriter err = new RedactingWriter(System.err);
        int code = Cli.execute(args, out, err, System.console() != null);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
