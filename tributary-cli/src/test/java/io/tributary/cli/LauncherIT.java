package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher at the repository root, started as a user starts it, after Maven built the jar
 * (so it must not rebuild): it runs the jar, makes its class-data-sharing archive once, and passes
 * arguments and exit codes through; the jar finds DuckDB's native library beside it.
 */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void theLauncherRunsTheBuiltJarMakesItsClassArchiveAndPassesExitCodesThrough() throws Exception {
        Path root = Path.of(System.getProperty("tributary.repo.root"));
        Path launcher = root.resolve("tributary");
        Path archive = root.resolve("tributary-cli/target/tributary.jsa");
        Files.deleteIfExists(archive);

        Result version = run(launcher, "--version");
        assertThat(version.code()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("tributary ").doesNotContain("building");
        assertThat(archive).as("the class-data-sharing archive made after the first start").exists();

        Path project = dir.resolve("my shop");
        assertThat(run(launcher, "init", project.toString()).code()).isZero();
        Result run = run(launcher, "-p", project.toString(), "run", "orders");
        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).contains("OK  orders -> orders: read 4, loaded 4, rejected 0");

        Files.writeString(project.resolve("pipelines/orders.yml"), "name: orders\nsource: {type: file, path: nowhere.csv}\nlod: {}\n");
        Result invalid = run(launcher, "-p", project.toString(), "validate");
        assertThat(invalid.code()).isEqualTo(2);
        assertThat(invalid.output()).contains("orders.yml:3:1", "unknown key 'lod'", "did you mean 'load'?");
    }

    /**
     * DuckDB's driver unpacks a native library found in the class path into a new temporary file at
     * every start; the runnable jar holds none, so the run above loaded the one beside the jar.
     */
    @Test
    void theRunnableJarLeavesDuckDbsNativeLibrariesBesideItNotInsideIt() throws IOException {
        Path target = Path.of(System.getProperty("tributary.repo.root")).resolve("tributary-cli/target");
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(target.resolve("tributary.jar").toFile())) {
            assertThat(jar.stream().map(java.util.zip.ZipEntry::getName).filter(name -> name.startsWith("libduckdb_java"))).isEmpty();
            assertThat(jar.getEntry("org/duckdb/DuckDBNative.class")).isNotNull();
        }
        try (var beside = Files.list(target)) {
            assertThat(beside.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("libduckdb_java.so_"));
        }
    }

    /**
     * A run lasts seconds: the launcher keeps the JIT's optimising compiler for methods called 30,000
     * times, and the user's TRIBUTARY_JAVA_OPTS still come after it (the JVM takes the last value).
     */
    @Test
    void theLauncherDelaysTheOptimisingCompilerAndLetsTheUserOverrideIt() throws Exception {
        Path launcher = Path.of(System.getProperty("tributary.repo.root")).resolve("tributary");

        Result flags = run(launcher, Map.of("TRIBUTARY_JAVA_OPTS", "-Xmx512m -XX:+PrintCommandLineFlags"), "--version");
        Result overridden = run(launcher, Map.of("TRIBUTARY_JAVA_OPTS", "-Xmx512m -XX:Tier4InvocationThreshold=5000 -XX:+PrintFlagsFinal"),
                "--version");

        assertThat(flags.code()).as(flags.output()).isZero();
        assertThat(flags.output()).contains("-XX:Tier4InvocationThreshold=30000", "-XX:Tier4CompileThreshold=40000");
        assertThat(flags.output()).as("the tests that start the program as its own process use the launcher's settings")
                .contains(CliProcess.LAUNCHER_JIT_OPTIONS);
        assertThat(overridden.output()).containsPattern("Tier4InvocationThreshold\\s+= 5000 ");
    }

    private record Result(int code, String output) {}

    private Result run(Path launcher, String... args) throws IOException, InterruptedException {
        return run(launcher, Map.of(), args);
    }

    private Result run(Path launcher, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "launcher", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not finish: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
