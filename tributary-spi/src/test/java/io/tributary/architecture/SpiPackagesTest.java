package io.tributary.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The SPI's packages (spi, config, sql, jdbc, error) depend on each other without a cycle. */
class SpiPackagesTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tributary");

    @Test
    void noPackageCycles() {
        slices().matching("io.tributary.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
