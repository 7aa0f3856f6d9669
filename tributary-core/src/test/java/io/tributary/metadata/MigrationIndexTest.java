package io.tributary.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged newest versions are what Flyway finds in the migration folders, so no new migration is ever skipped. */
class MigrationIndexTest {
    @Test
    void thePackagedIndexNamesTheNewestMigrationFlywayFindsInEveryFolder() throws Exception {
        Map<String, Integer> resolved = MigrationIndex.resolve();
        assertThat(resolved).containsOnlyKeys(Migrations.ALL.stream().map(Migrations.Set::location).toList());
        for (Migrations.Set set : Migrations.ALL) {
            assertThat(set.newest()).as("the newest migration in %s (the build writes %s)", set.location(), MigrationIndex.RESOURCE)
                    .isNotEqualTo(MigrationIndex.UNKNOWN)
                    .isEqualTo(resolved.get(set.location()));
        }
    }
}
