package io.datarun.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The dependency rules every module of this project keeps, for its own {@code ArchitectureTest}
 * (a test-scoped dependency on this small artifact, as X-Road keeps its rules in {@code arch-rules}):
 * no package in a cycle at any depth, no source file in a cycle, nothing written to the console but
 * by a {@code main} method.
 */
public final class ArchitectureRules {
    private ArchitectureRules() {
    }

    /** The module's main classes under {@code rootPackage} (test classes left out; classes of its dependencies' jars included). */
    public static JavaClasses mainClasses(String rootPackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /** No package under {@code rootPackage}, at any depth, depends on itself through others. */
    public static ArchRule noPackageCycles(String rootPackage) {
        return slices().matching(rootPackage + ".(**)").should().beFreeOfCycles();
    }

    /** No source file depends on itself through others (nested classes count as their outer class). */
    public static ArchRule noSourceFileCycles() {
        return slices().assignedFrom(SOURCE_FILES).should().beFreeOfCycles();
    }

    /** Only {@code main} methods (command-line entry points) touch {@code System.out} or {@code System.err}. */
    public static ArchRule onlyMainMethodsWriteToTheConsole() {
        return noCodeUnits().that().doNotHaveName("main").should(WRITE_TO_THE_CONSOLE);
    }

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
