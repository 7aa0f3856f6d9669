package io.tributary.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.error.ErrorKind;
import io.tributary.error.TributaryException;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names as a user types them become pipelines, or an invalid-input error that says what was meant. */
class PipelineSelectionTest {
    @TempDir
    Path dir;

    @Test
    void namesSelectTheirPipelinesInTheOrderGiven() {
        ProjectSpec project = Pipelines.project(dir, "customers", "orders", "products");

        List<PipelineSpec> selected = PipelineSelection.select(project, List.of("products", "customers"), false);

        assertThat(selected).extracting(PipelineSpec::name).containsExactly("products", "customers");
    }

    @Test
    void allSelectsEveryPipelineInFileNameOrder() {
        ProjectSpec project = Pipelines.project(dir, "customers", "orders");

        assertThat(PipelineSelection.select(project, List.of(), true)).extracting(PipelineSpec::name).containsExactly("customers", "orders");
    }

    @Test
    void aMistypedNameIsInvalidInputNamingTheProjectAndTheNearestPipeline() {
        ProjectSpec project = Pipelines.project(dir, "customers", "orders");

        assertThatThrownBy(() -> PipelineSelection.select(project, List.of("orders", "ordrs"), false))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessage("no pipeline named 'ordrs' in " + dir + ". Did you mean 'orders'?");
    }

    @Test
    void aNameNothingIsCloseToListsThePipelines() {
        ProjectSpec project = Pipelines.project(dir, "customers", "orders");

        assertThatThrownBy(() -> PipelineSelection.select(project, List.of("zzzzzzzz"), false))
                .hasMessageEndingWith("Pipelines: customers, orders");
    }

    @Test
    void noNamesWithoutAllAsksForThemAndListsThePipelines() {
        ProjectSpec project = Pipelines.project(dir, "customers", "orders");

        assertThatThrownBy(() -> PipelineSelection.select(project, List.of(), false))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessage("name the pipelines to run, or use --all. Pipelines in this project: customers, orders");
    }

    @Test
    void allInAProjectWithoutPipelinesSaysWhereToAddOne() {
        ProjectSpec project = Pipelines.project(dir);

        assertThatThrownBy(() -> PipelineSelection.select(project, List.of(), true))
                .hasMessage("the project has no pipelines: add a file to " + dir.resolve("pipelines"));
        assertThatThrownBy(() -> PipelineSelection.select(project, List.of(), false)).hasMessageEndingWith("Pipelines in this project: (none)");
    }

    @Test
    void namesAndAllTogetherAreRefusedRatherThanOneSilentlyIgnored() {
        ProjectSpec project = Pipelines.project(dir, "customers", "orders");

        assertThatThrownBy(() -> PipelineSelection.select(project, List.of("orders"), true))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessage("give pipeline names or --all, not both (named: orders)");
    }

    @Test
    void anUnknownNameGetsANoteWithTheNearestPipelineAndAKnownOneNone() {
        ProjectSpec project = Pipelines.project(dir, "customers", "orders");

        assertThat(PipelineSelection.unknown(project, "order")).hasValue("the project has no pipeline named 'order'; did you mean 'orders'?");
        assertThat(PipelineSelection.unknown(project, "zzzzzzzz")).hasValue("the project has no pipeline named 'zzzzzzzz'");
        assertThat(PipelineSelection.unknown(project, "orders")).isEmpty();
    }
}
