package io.datarun.schemas.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.datarun.archrules.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The contract module's dependency rules, checked on its main classes (generated Avro classes included). */
class ArchitectureTest {
    private static final JavaClasses MAIN = ArchitectureRules.mainClasses("io.datarun.schemas");

    @Test
    void noPackageAtAnyDepthIsInACycle() {
        ArchitectureRules.noPackageCycles("io.datarun.schemas").check(MAIN);
    }

    @Test
    void noSourceFileIsInACycle() {
        ArchitectureRules.noSourceFileCycles().check(MAIN);
    }

    @Test
    void theContractUsesNeitherApplication() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.datarun.gateway..", "io.datarun.connectors..")
                .check(MAIN);
    }

    @Test
    void theContractNeedsNoFramework() {
        // both applications read their options files with it: neither Quarkus nor Camel may come along
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "org.apache.camel..").check(MAIN);
    }

    @Test
    void theContractWritesNothingToTheConsole() {
        ArchitectureRules.onlyMainMethodsWriteToTheConsole().check(MAIN);
    }
}
