package io.tributary.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.config.Problem;
import io.tributary.error.InvalidProjectException;
import io.tributary.spi.SourceRegistry;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One broken pipeline file keeps only its own pipeline out; a broken tributary.yml keeps everything out. */
class PartialLoadTest {
    @TempDir
    Path dir;

    private static final String SOURCE = "source: {type: test_queue, connection: events, topic: orders}\n";

    private TestProject project() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: shop\nconnections:\n  events: {kind: test_queue, brokers: [\"k:9092\"]}\n");
        return project;
    }

    private LoadedProject loadPartially() {
        return new ProjectLoader(SourceRegistry.load(), Map.of()).loadPartially(dir);
    }

    @Test
    void theValidPipelinesLoadBesideABrokenFileWhoseProblemsAreLocated() {
        TestProject project = project();
        project.pipeline("good", SOURCE + "load: {table: good}");
        project.pipeline("bad", SOURCE + "load: {table: bad, mdoe: append}");

        LoadedProject loaded = loadPartially();

        assertThat(loaded.pipelines()).extracting(PipelineSpec::name).containsExactly("good");
        assertThat(loaded.isValid()).isFalse();
        BrokenPipeline broken = loaded.broken().get(0);
        assertThat(broken.file()).isEqualTo(dir.toAbsolutePath().normalize().resolve("pipelines/bad.yml"));
        assertThat(broken.name()).isEqualTo("bad");
        Problem problem = broken.problems().get(0);
        assertThat(problem.path()).isEqualTo("load.mdoe");
        assertThat(problem.location().line()).isEqualTo(3);
        assertThat(problem.hint()).isEqualTo("did you mean 'mode'?");
        assertThat(loaded.problems()).containsExactlyElementsOf(broken.problems());
        assertThat(loaded.broken("bad")).contains(broken);
        assertThat(loaded.broken("good")).isEmpty();
        assertThat(broken.summary(dir.toAbsolutePath().normalize()))
                .startsWith("pipelines/bad.yml is invalid and was skipped (1 problem): ").contains("bad.yml:3:").contains("load.mdoe");

        InvalidProjectException strict = catchThrowableOfType(InvalidProjectException.class, project::load);
        assertThat(strict).as("load() still wants the whole project valid").isNotNull();
        assertThat(strict.problems()).containsExactlyElementsOf(broken.problems());
    }

    @Test
    void aFileWhoseYamlIsUnreadableAnswersToItsFileName() {
        TestProject project = project();
        project.pipeline("good", SOURCE + "load: {table: good}");
        project.file("pipelines/orders.yml", "name: orders\nsource: {type: test_queue\nload: {table: orders}\n");

        LoadedProject loaded = loadPartially();

        assertThat(loaded.pipelines()).extracting(PipelineSpec::name).containsExactly("good");
        BrokenPipeline broken = loaded.broken("orders").orElseThrow();
        assertThat(broken.name()).isNull();
        assertThat(broken.problems().get(0).message()).startsWith("invalid YAML");
    }

    @Test
    void aClashBetweenTwoFilesBreaksTheOneWhereItIsReported() {
        TestProject project = project();
        project.pipeline("a_first", SOURCE + "load: {table: shared}");
        project.pipeline("b_second", SOURCE + "load: {table: shared}");

        LoadedProject loaded = loadPartially();

        assertThat(loaded.pipelines()).extracting(PipelineSpec::name).containsExactly("a_first");
        assertThat(loaded.broken()).extracting(BrokenPipeline::name).containsExactly("b_second");
        assertThat(loaded.problems().get(0).message()).contains("both load table shared");
    }

    @Test
    void aBrokenProjectFileFailsTheWholeProject() {
        TestProject project = project();
        project.file("tributary.yml", "name: shop\nwarehouse: {pth: x.duckdb}\nconnections:\n  events: {kind: test_queue, brokers: [\"k:9092\"]}\n");
        project.pipeline("good", SOURCE + "load: {table: good}");

        InvalidProjectException invalid = catchThrowableOfType(InvalidProjectException.class, this::loadPartially);

        assertThat(invalid).isNotNull();
        assertThat(invalid.problems()).extracting(Problem::path).containsExactly("warehouse.pth");
        assertThat(invalid.problems().get(0).location().file().getFileName().toString()).isEqualTo("tributary.yml");
    }
}
