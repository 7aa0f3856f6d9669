package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.config.Problem;
import io.tributary.error.ExitCode;
import io.tributary.error.InvalidProjectException;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transform steps' keys and values are checked when the project loads, each problem where it is written. */
class TransformValidationTest {
    @TempDir
    Path dir;

    private List<Problem> problems(String transform, String... env) {
        TestProject project = TestProject.in(dir);
        for (int i = 0; i < env.length; i += 2) {
            project.env(env[i], env[i + 1]);
        }
        project.pipeline("p", "source: {type: file, path: data/p.csv}\nload: {table: p}\ntransform:\n" + transform);
        InvalidProjectException invalid = catchThrowableOfType(InvalidProjectException.class, project::load);
        assertThat(invalid).as("the project should be invalid").isNotNull();
        assertThat(invalid.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        return invalid.problems();
    }

    private static Problem only(List<Problem> problems) {
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    private static void assertAt(Problem problem, String path, int line, int column) {
        assertThat(problem.path()).isEqualTo(path);
        assertThat(problem.location().file().getFileName().toString()).isEqualTo("p.yml");
        assertThat(problem.location().line()).as("line of " + problem).isEqualTo(line);
        assertThat(problem.location().column()).as("column of " + problem).isEqualTo(column);
    }

    @Test
    void aMistypedStepNameGetsADidYouMean() {
        Problem problem = only(problems("  - filtr: \"total > 0\"\n"));

        assertThat(problem.message()).contains("must start with one of").contains("filter").contains("explode");
        assertThat(problem.hint()).isEqualTo("did you mean 'filter'?");
        assertAt(problem, "transform[0]", 5, 5);
    }

    @Test
    void aMistypedBucketKeyGetsADidYouMeanAndTheMissingBoundsAreReported() {
        List<Problem> problems = problems("  - bucket:\n      column: total\n      bound: [1]\n      labels: [a, b]\n");

        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder("transform[0].bucket.bounds", "transform[0].bucket.bound");
        Problem unknown = problems.stream().filter(p -> p.path().endsWith("bound")).findFirst().orElseThrow();
        assertThat(unknown.message()).isEqualTo("unknown key 'bound'");
        assertThat(unknown.hint()).isEqualTo("did you mean 'bounds'?");
        assertAt(unknown, "transform[0].bucket.bound", 7, 7);
    }

    @Test
    void bucketBoundsMustIncreaseAndLabelsMustBeOneMore() {
        Problem order = only(problems("  - bucket:\n      column: total\n      bounds: [50, 100, 100]\n      labels: [a, b, c, d]\n"));
        assertThat(order.message()).isEqualTo("the bounds must increase strictly, but 100 follows 100");
        assertAt(order, "transform[0].bucket.bounds[2]", 7, 25);

        Problem labels = only(problems("  - bucket:\n      column: total\n      bounds: [50, 100]\n      labels: [Low, High]\n"));
        assertThat(labels.message()).contains("2 bounds need 3 labels, but there are 2");
        assertAt(labels, "transform[0].bucket.labels", 8, 15);

        Problem kinds = only(problems("  - bucket: {column: d, bounds: [2024-01-01, 5], labels: [a, b, c]}\n"));
        assertThat(kinds.message()).contains("one kind").contains("the number 5").contains("the date 2024-01-01");

        Problem word = only(problems("  - bucket: {column: d, bounds: [soon], labels: [a, b]}\n"));
        assertThat(word.message()).contains("must be a number, a date").contains("'soon'");
    }

    @Test
    void aMaskStyleMustBeKnown() {
        Problem problem = only(problems("  - mask:\n      email: emial\n"));

        assertThat(problem.message()).isEqualTo("'emial' is not one of email, phone, last4, full");
        assertThat(problem.hint()).isEqualTo("did you mean 'email'?");
        assertAt(problem, "transform[0].mask.email", 6, 14);
    }

    @Test
    void aHashSaltWrittenInTheFileIsRefusedWithoutRepeatingIt() {
        Problem problem = only(problems("  - hash:\n      columns: [email]\n      salt: my-literal-salt-42\n"));

        assertThat(problem.message()).contains("must come from a secret reference").doesNotContain("my-literal-salt-42");
        assertThat(problem.hint()).contains("${env:TRIBUTARY_HASH_SALT}").doesNotContain("my-literal-salt-42");
        assertAt(problem, "transform[0].hash.salt", 7, 13);
    }

    @Test
    void aHashSaltFromAnUnsetVariableIsTheUsualSecretsProblemAndAShortOneIsRefused() {
        Problem unset = only(problems("  - hash: {columns: email, salt: \"${env:TRIBUTARY_TEST_SALT_NOT_SET}\"}\n"));
        assertThat(unset.message()).isEqualTo("the environment variable TRIBUTARY_TEST_SALT_NOT_SET is not set");

        Problem shortSalt = only(problems("  - hash: {columns: email, salt: \"${env:SHORT_SALT}\"}\n", "SHORT_SALT", "abc12"));
        assertThat(shortSalt.message()).isEqualTo("the salt is 5 characters long; use at least 8 so the hashes cannot be reversed by trying values")
                .doesNotContain("abc12");
    }

    @Test
    void requiredOptionsAreReportedWhereTheStepIs() {
        List<Problem> problems = problems("  - dedupe: {latest: updated_at}\n  - explode: {into: tag}\n  - filter: \"\"\n  - hash: {salt: x}\n  - mask: id\n");

        assertThat(problems).extracting(Problem::path).contains("transform[0].dedupe.key", "transform[1].explode.column", "transform[2].filter",
                "transform[3].hash.columns", "transform[4].mask");
        assertThat(problems).filteredOn(p -> p.path().equals("transform[0].dedupe.key")).singleElement()
                .satisfies(p -> assertThat(p.location().line()).isEqualTo(5));
        assertThat(problems).filteredOn(p -> p.path().equals("transform[4].mask")).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("mask takes a mapping of options but found a text value"));
    }
}
