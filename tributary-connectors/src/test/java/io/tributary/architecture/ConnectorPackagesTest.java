package io.tributary.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Connectors depend on the SPI (tributary-spi: io.tributary.spi, config, sql, jdbc, error) and never
 * on one another, so that any connector can be taken out, or a new one added, alone. What two
 * connectors share belongs in tributary-spi.
 */
class ConnectorPackagesTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tributary.connectors");

    @Test
    void noConnectorDependsOnAnother() {
        slices().matching("io.tributary.connectors.(*)..").should().notDependOnEachOther().check(CLASSES);
    }

    /** Connectors are built against the SPI alone; the engine (tributary-core) finds them by ServiceLoader. */
    @Test
    void connectorsDependOnNothingInCore() {
        noClasses().that().resideInAPackage("io.tributary.connectors..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tributary.engine..", "io.tributary.app..", "io.tributary.project..",
                        "io.tributary.warehouse..", "io.tributary.metadata..", "io.tributary.quality..")
                .check(CLASSES);
    }

    /**
     * Each destination database is a package of its own (destination.postgres, destination.mysql)
     * beside the JDBC destination machinery they share (destination): what two databases share
     * belongs there, so one can change, or a new one be added, without touching the others.
     */
    @Test
    void noDestinationDatabaseDependsOnAnother() {
        slices().matching("io.tributary.connectors.destination.(*)..").should().notDependOnEachOther().check(CLASSES);
    }

    /** The shared destination machinery names no database of its own: the databases depend on it, never the reverse. */
    @Test
    void theSharedDestinationMachineryNamesNoDatabase() {
        noClasses().that().resideInAPackage("io.tributary.connectors.destination")
                .should().dependOnClassesThat().resideInAnyPackage("io.tributary.connectors.destination.*..")
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.tributary.connectors.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
