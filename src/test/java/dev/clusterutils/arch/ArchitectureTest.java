package dev.clusterutils.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Camel at the edges, plain Java in the middle: only camel/ and cli/ may touch Camel. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.clusterutils");

    @Test
    void onlyTheCamelAndCliPackagesImportCamel() {
        noClasses().that().resideOutsideOfPackages("dev.clusterutils.camel..", "dev.clusterutils.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .check(CLASSES);
    }

    @Test
    void theCoreDoesNotDependOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("dev.clusterutils.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.clusterutils.cli..")
                .check(CLASSES);
    }

    @Test
    void theLayoutDependsOnNothingOfTheProject() {
        noClasses().that().resideInAPackage("dev.clusterutils.layout..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.clusterutils.layout..", "java..")
                .check(CLASSES);
    }

    @Test
    void backendsAndTheWorkspaceDoNotReachBackUpIntoTheRun() {
        noClasses().that().resideInAnyPackage("dev.clusterutils.backend..", "dev.clusterutils.workspace..",
                        "dev.clusterutils.layout..")
                .should().dependOnClassesThat().resideInAPackage("dev.clusterutils.run..")
                .check(CLASSES);
    }
}
