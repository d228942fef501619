package io.datarun.connectors.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/** The module's dependency rules, checked on its main classes. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.datarun.connectors");

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
    void topLevelPackagesHaveNoCycle() {
        slices().matching("io.datarun.connectors.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noPackageAtAnyDepthIsInACycle() {
        slices().matching("io.datarun.connectors.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noSourceFileIsInACycle() {
        slices().assignedFrom(SOURCE_FILES).should().beFreeOfCycles().check(MAIN);
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
        noCodeUnits().that().doNotHaveName("main").should(WRITE_TO_THE_CONSOLE).check(MAIN);
    }

    private static final ArchCondition<JavaCodeUnit> WRITE_TO_THE_CONSOLE =
            new ArchCondition<>("write to System.out or System.err") {
                @Override
                public void check(JavaCodeUnit codeUnit, ConditionEvents events) {
                    for (JavaFieldAccess access : codeUnit.getFieldAccesses()) {
                        boolean console = access.getTargetOwner().isEquivalentTo(System.class)
                                && (access.getName().equals("out") || access.getName().equals("err"));
                        if (console) {
                            events.add(SimpleConditionEvent.satisfied(codeUnit, access.getDescription()));
                        }
                    }
                }
            };
}
