package io.tributary.cli.output;

import java.io.PrintWriter;

/**
 * Where commands write: standard output and error (already masking secrets), and whether they are a
 * terminal (progress is redrawn in place only then). Injected so tests can read what was printed.
 */
public record Io(PrintWriter out, PrintWriter err, boolean terminal) {}
