package io.tributary.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The command line's packages depend on each other one way only: {@code cli} (the program and its
 * root command) on {@code cli.commands}, which use {@code cli.output} and {@code cli.demo}; none
 * back. A cycle would make a package impossible to understand, test or move on its own.
 */
@AnalyzeClasses(packages = "io.tributary.cli", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class PackageCyclesTest {
    /** Each package, the top one {@code io.tributary.cli} included, is a slice of its own. */
    static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.equals("io.tributary.cli") || name.startsWith("io.tributary.cli.") ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of io.tributary.cli";
        }
    };

    @ArchTest
    static final ArchRule noCyclesAmongTheCommandLinesPackages = slices().assignedFrom(PACKAGES).should().beFreeOfCycles();
}
