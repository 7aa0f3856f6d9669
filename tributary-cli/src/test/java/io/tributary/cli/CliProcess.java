package io.tributary.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The real {@code tributary} program ({@link Main}, which ends with {@code System.exit}) started as a
 * separate JVM on the test classpath. Every line it prints is kept with the milliseconds since the
 * start and copied to a log file, so a test can tell how far a run got before it was killed.
 */
final class CliProcess {
    /** A line of output and when it appeared, in milliseconds after the process was started. */
    record Line(long millis, String text) {
        @Override
        public String toString() {
            return String.format("%6d ms  %s", millis, text);
        }
    }

    private final Process process;
    private final long startedNanos;
    private final Thread reader;
    private final List<Line> lines = new ArrayList<>();
    private final Path log;
    private volatile long exitedMillis = -1;

    private CliProcess(Process process, long startedNanos, Path log) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
        this.reader = new Thread(this::readOutput, "cli-output-" + process.pid());
        this.reader.setDaemon(true);
        this.reader.start();
        process.onExit().thenRun(() -> exitedMillis = millisSinceStart());
    }

    /**
     * The JIT settings the {@code tributary} launcher gives the program (its {@code JIT_OPTS}): the optimising
     * compiler waits for 30,000 calls, so seconds-long runs do not spend a third of their CPU compiling code
     * they leave at once. The program runs here as users run it, and a kill test's dozens of short-lived
     * processes leave the CPU to each other.
     */
    static final List<String> LAUNCHER_JIT_OPTIONS = List.of("-XX:Tier4InvocationThreshold=30000", "-XX:Tier4CompileThreshold=40000");

    /**
     * Starts {@code java <launcher's JIT options> -Xmx512m -cp <test classpath> io.tributary.cli.Main ARGS}; output and errors go to {@code log}.
     * The process's temporary folder is {@code tmp}: the DuckDB driver unpacks its 70 MB native library there on every
     * start and deletes it only on a normal exit, so a killed process leaves it behind.
     */
    static CliProcess start(Path log, Path tmp, String... args) {
        return start(log, tmp, Map.of(), args);
    }

    /** As {@link #start(Path, Path, String...)}, with these environment variables set too (e.g. {@code TZ}). */
    static CliProcess start(Path log, Path tmp, Map<String, String> variables, String... args) {
        return start(log, tmp, List.of(), variables, args);
    }

    /** As {@link #start(Path, Path, Map, String...)}, with these JVM options too (e.g. {@code -Dname=value} for a test hook). */
    static CliProcess start(Path log, Path tmp, List<String> jvmOptions, Map<String, String> variables, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(LAUNCHER_JIT_OPTIONS);
        command.addAll(List.of("-Xmx512m", "-Djava.io.tmpdir=" + tmp));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("TRIBUTARY_DEBUG", "1");
        environment.putAll(variables);
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(tmp);
            long started = System.nanoTime();
            return new CliProcess(builder.start(), started, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            String text;
            while ((text = in.readLine()) != null) {
                Line line = new Line(millisSinceStart(), text);
                synchronized (lines) {
                    lines.add(line);
                }
                file.println(line);
                file.flush();
            }
        } catch (IOException e) {
            // the process was killed mid-line: what was read is kept
        }
    }

    long millisSinceStart() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** Kills the process if it still runs: for a test's clean-up after a failed assertion left it running. */
    void killIfAlive() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(30);
        }
    }

    /**
     * Waits for the {@code occurrence}-th line starting with {@code prefix} (a null prefix: the start of the
     * process), then {@code delayMillis} more, then SIGKILLs the process. Returns the moment of the kill in
     * milliseconds after the start, or -1 if the process ended before (then nothing is killed).
     */
    long killAfter(String prefix, int occurrence, long delayMillis) throws InterruptedException {
        long anchor = 0;
        if (prefix != null) {
            Line line;
            while ((line = nth(prefix, occurrence)) == null) {
                if (!process.isAlive()) {
                    waitFor(30);
                    return -1;
                }
                Thread.sleep(1);
            }
            anchor = line.millis();
        }
        long wait = anchor + delayMillis - millisSinceStart();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        long at = millisSinceStart();
        boolean alive = process.isAlive();
        process.destroyForcibly();
        waitFor(30);
        return alive ? at : -1;
    }

    /**
     * Waits for the {@code occurrence}-th line starting with {@code prefix}, then watches {@code files} (size and
     * modification time; absent counts as a state) and SIGKILLs the process the moment one of them changes: right at
     * the first write to them after that line. Returns the moment of the kill in milliseconds after the start, or -1 if the process ended before.
     */
    long killOnWrite(String prefix, int occurrence, List<Path> files) throws InterruptedException {
        while (nth(prefix, occurrence) == null) {
            if (!process.isAlive()) {
                waitFor(30);
                return -1;
            }
            Thread.sleep(1);
        }
        List<String> before = stamps(files);
        while (process.isAlive()) {
            if (!stamps(files).equals(before)) {
                long at = millisSinceStart();
                process.destroyForcibly();
                waitFor(30);
                return at;
            }
            LockSupport.parkNanos(100_000);
        }
        waitFor(30);
        return -1;
    }

    private static List<String> stamps(List<Path> files) {
        List<String> stamps = new ArrayList<>();
        for (Path file : files) {
            try {
                stamps.add(Files.size(file) + "@" + Files.getLastModifiedTime(file));
            } catch (IOException e) {
                stamps.add("absent");
            }
        }
        return stamps;
    }

    /** The {@code occurrence}-th (from 1) line starting with {@code prefix}, or null. */
    Line nth(String prefix, int occurrence) {
        int seen = 0;
        for (Line line : lines()) {
            if (line.text().startsWith(prefix) && ++seen == occurrence) {
                return line;
            }
        }
        return null;
    }

    /**
     * Asks the process to stop, as a process manager does (SIGTERM on Unix): its shutdown hooks run. Sent
     * through the process handle, not {@link Process#destroy()}: that also closes this side of the
     * process's output pipe, so everything it prints while stopping would be lost to the test.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the end of the process and of its output; returns the exit code. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("tributary did not finish within " + seconds + " s; output so far:\n" + output());
        }
        reader.join(10_000);
        if (exitedMillis < 0) {
            exitedMillis = millisSinceStart();
        }
        return process.exitValue();
    }

    /** The process's id, as the operating system knows it (in {@code /proc/locks}, say). */
    long pid() {
        return process.pid();
    }

    /** When the process ended, in milliseconds after its start (-1 while it runs). */
    long exitedMillis() {
        return exitedMillis;
    }

    List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The first line starting with {@code prefix}, or null. */
    Line first(String prefix) {
        return lines().stream().filter(l -> l.text().startsWith(prefix)).findFirst().orElse(null);
    }

    String output() {
        StringBuilder out = new StringBuilder();
        for (Line line : lines()) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    Path log() {
        return log;
    }
}
