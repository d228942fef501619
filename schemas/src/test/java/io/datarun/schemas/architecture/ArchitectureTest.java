package io.datarun.schemas.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/** The contract module's dependency rules, checked on its main classes (generated Avro classes included). */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.datarun.schemas");

    /** Every class belongs to the slice of the source file it is written in (nested classes with their outer one). */
    private static final SliceAssignment SOURCE_FILES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            JavaClass outer = javaClass;
            while (outer.getEnclosingClass().isPresent()) {
                outer = outer.getEnclosingClass().get();
            }
            return SliceIdentifier.of(outer.getName());
        }

        @Override
        public String getDescription() {
            return "source files";
        }
    };

    @Test
    void noPackageAtAnyDepthIsInACycle() {
        slices().matching("io.datarun.schemas.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noSourceFileIsInACycle() {
        slices().assignedFrom(SOURCE_FILES).should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theContractUsesNeitherApplication() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.datarun.gateway..", "io.datarun.connectors..")
                .check(MAIN);
    }

    @Test
    void theContractWritesNothingToTheConsole() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err").check(MAIN);
    }
}
