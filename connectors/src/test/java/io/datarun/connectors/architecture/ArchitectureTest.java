package io.datarun.connectors.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.datarun.archrules.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The connectors' dependency rules, checked on the main classes of the runtime and of the SPI. */
class ArchitectureTest {
    private static final JavaClasses MAIN = ArchitectureRules.mainClasses("io.datarun.connectors");

    @Test
    void topLevelPackagesHaveNoCycle() {
        slices().matching("io.datarun.connectors.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noPackageAtAnyDepthIsInACycle() {
        ArchitectureRules.noPackageCycles("io.datarun.connectors").check(MAIN);
    }

    @Test
    void noSourceFileIsInACycle() {
        ArchitectureRules.noSourceFileCycles().check(MAIN);
    }

    @Test
    void theSpiUsesTheJdkOnly() {
        noClasses().that().resideInAPackage("io.datarun.connectors.spi..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.datarun.connectors.spi..", "java..")
                .check(MAIN);
    }

    @Test
    void connectorsNeverUseTheGateway() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.datarun.gateway..").check(MAIN);
    }

    @Test
    void onlyCommandLineEntryPointsWriteToTheConsole() {
        ArchitectureRules.onlyMainMethodsWriteToTheConsole().check(MAIN);
    }
}
