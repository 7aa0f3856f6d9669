package io.tributary.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.config.Problem;
import io.tributary.error.InvalidProjectException;
import io.tributary.spi.SourceRegistry;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metadata: {connection: NAME}} in tributary.yml: where the run history lives. */
class MetadataConfigTest {
    @TempDir
    Path dir;

    private final ProjectLoader loader = new ProjectLoader(SourceRegistry.load(), Map.of());

    private List<Problem> problems() {
        InvalidProjectException invalid = catchThrowableOfType(InvalidProjectException.class, () -> loader.load(dir));
        assertThat(invalid).as("the project should be invalid").isNotNull();
        return invalid.problems();
    }

    private static Problem at(List<Problem> problems, String path) {
        return problems.stream().filter(p -> path.equals(p.path())).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + path + "; problems: " + problems));
    }

    @Test
    void withoutMetadataTheHistoryStaysInTheWarehouse() {
        TestProject.in(dir);

        assertThat(loader.load(dir).metadata().inWarehouse()).isTrue();
        assertThat(loader.loadMetadata(dir).inWarehouse()).isTrue();
    }

    @Test
    void metadataNamesAPostgresConnection() {
        TestProject.in(dir).file("tributary.yml", """
                name: shop
                connections:
                  ops_db: {kind: postgres, database: ops, user: tributary}
                metadata:
                  connection: ops_db
                """);

        MetadataSpec metadata = loader.load(dir).metadata();

        assertThat(metadata.inWarehouse()).isFalse();
        assertThat(metadata.connection().name()).isEqualTo("ops_db");
        assertThat(metadata.connection().database()).isEqualTo("ops");
        assertThat(metadata.location().line()).isEqualTo(4);
        assertThat(loader.loadMetadata(dir).connection().name()).isEqualTo("ops_db");
    }

    @Test
    void anUnknownConnectionIsReportedWhereItIsNamedWithTheClosestName() {
        TestProject.in(dir).file("tributary.yml", """
                connections:
                  ops_db: {kind: postgres, database: ops}
                metadata: {connection: opsdb}
                """);

        Problem unknown = at(problems(), "metadata.connection");

        assertThat(unknown.message()).isEqualTo("unknown connection 'opsdb'");
        assertThat(unknown.hint()).isEqualTo("did you mean 'ops_db'?");
        assertThat(unknown.location().line()).isEqualTo(3);
        assertThat(unknown.location().file().getFileName().toString()).isEqualTo("tributary.yml");
    }

    @Test
    void theHistoryCanOnlyLiveInPostgres() {
        TestProject.in(dir).file("tributary.yml", """
                connections:
                  shop_mysql: {kind: mysql, database: shop}
                metadata:
                  connection: shop_mysql
                """);

        Problem wrongKind = at(problems(), "metadata.connection");

        assertThat(wrongKind.message()).contains("kind mysql").contains("only be kept in PostgreSQL");
        assertThat(wrongKind.hint()).contains("kind: postgres").contains("leave out metadata:");
        assertThat(wrongKind.location().line()).isEqualTo(4);
    }

    @Test
    void metadataNeedsAConnectionAndNothingElse() {
        TestProject.in(dir).file("tributary.yml", """
                connections:
                  ops_db: {kind: postgres, database: ops}
                metadata:
                  conection: ops_db
                """);

        List<Problem> problems = problems();

        assertThat(at(problems, "metadata.connection").message()).contains("required");
        assertThat(at(problems, "metadata.conection").hint()).contains("connection");
    }

    @Test
    void withoutConnectionsTheHintSaysWhereToDefineOne() {
        TestProject.in(dir).file("tributary.yml", "metadata: {connection: ops_db}\n");

        assertThat(at(problems(), "metadata.connection").hint()).contains("define it under connections:").contains("kind: postgres");
    }
}
