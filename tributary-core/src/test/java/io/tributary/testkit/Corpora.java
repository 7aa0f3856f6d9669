package io.tributary.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The externally written test data shared beside the project ({@code <repo>/../shared/corpora}): CSV
 * conformance cases, the Northwind sample business. A plain clone without it skips the tests that
 * need it, saying why; {@code .ci/run} sets {@value #REQUIRED} so that there a missing corpus fails.
 */
public final class Corpora {
    /** Environment variable that makes a missing corpus a failure instead of a skip. */
    public static final String REQUIRED = "TRIBUTARY_REQUIRE_CORPORA";

    private Corpora() {}

    /** The folder of corpus {@code name}; aborts (skips) the calling test when it is absent and not required. */
    public static Path folder(String name) {
        String root = System.getProperty("tributary.repo.root");
        if (root != null && !root.isBlank()) {
            Path candidate = Path.of(root).resolve("../shared/corpora").resolve(name).normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        // A worktree or a clone further down still finds the shared folder of an ancestor.
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path candidate = at.resolve("shared/corpora").resolve(name);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        String missing = "the shared corpus '" + name + "' is not beside the project (looked for <repo>/../shared/corpora/" + name
                + " from " + (root == null ? Path.of("").toAbsolutePath() : root) + " and its parent folders)";
        if (System.getenv(REQUIRED) != null) {
            throw new AssertionError(missing + "; " + REQUIRED + " is set, so the tests that need it must run");
        }
        Assumptions.abort("skipped: " + missing + ". Put the shared folder beside the project to run them (.ci/run requires it)");
        throw new IllegalStateException("unreachable");
    }
}
