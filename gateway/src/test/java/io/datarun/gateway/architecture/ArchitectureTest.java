package io.datarun.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The gateway's layering, checked on every build: dependencies run one way (resources on top,
 * wiring beside them, the failure types at the bottom), domain code knows no web or Quarkus API, and
 * no two classes depend on each other in a circle.
 */
@AnalyzeClasses(packages = "io.datarun.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String ROOT = "io.datarun.gateway";
    /** Everything but the resources ({@code api}) and the assembly ({@code wiring}). */
    private static final String[] DOMAIN = {"..gateway.access..", "..gateway.audit..", "..gateway.catalog..",
        "..gateway.changes..", "..gateway.config..", "..gateway.directory..", "..gateway.disputes..", "..gateway.failure..", "..gateway.forms..",
        "..gateway.grants..", "..gateway.intake..", "..gateway.limits..", "..gateway.reads..", "..gateway.reports..",
        "..gateway.store..", "..gateway.trail..", "..gateway.ui..", "..gateway.usage.."};

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles()
            .as("the gateway's packages depend on each other in one direction only");

    @ArchTest
    static final ArchRule classesFormNoCycle = slices().assignedFrom(new TopLevelClasses()).should().beFreeOfCycles()
            .as("no two classes of the gateway depend on each other, directly or through others");

    @ArchTest
    static final ArchRule nothingImportsTheResources = noClasses().that().resideOutsideOfPackage("..gateway.api..")
            .should().dependOnClassesThat().resideInAPackage("..gateway.api..")
            .as("nothing depends on the JAX-RS resources in 'api'");

    @ArchTest
    static final ArchRule nothingImportsTheWiring = noClasses().that().resideOutsideOfPackage("..gateway.wiring..")
            .should().dependOnClassesThat().resideInAPackage("..gateway.wiring..")
            .as("nothing depends on the assembly in 'wiring'");

    @ArchTest
    static final ArchRule domainKnowsNoWebOrQuarkus = noClasses().that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.quarkus..", "org.jboss.resteasy..",
                    "io.vertx..")
            .as("domain packages use no JAX-RS, Quarkus, RESTEasy or Vert.x API (those belong in 'api' and 'wiring')");

    @ArchTest
    static final ArchRule failuresAreALeaf = noClasses().that().resideInAPackage("..gateway.failure..")
            .should().dependOnClassesThat().resideOutsideOfPackages("java..", ROOT + ".failure..")
            .as("the failure types depend on nothing but the JDK");

    @ArchTest
    static final ArchRule domainSaysNothingOfHttpStatus = noClasses().that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().haveFullyQualifiedName("jakarta.ws.rs.core.Response")
            .as("domain code answers with typed failures, never HTTP responses");

    @ArchTest
    static final ArchRule gatewayNeverImportsConnectors = noClasses().should().dependOnClassesThat()
            .resideInAPackage("io.datarun.connectors..")
            .as("the gateway and the connector runtime share only the contract module (schemas)");

    @ArchTest
    static final ArchRule noConsolePrinting = noClasses().that().haveSimpleNameNotEndingWith("Main")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
            .as("services log through the logger, one line per event; only command-line mains print");

    /** One slice per top-level class (nested classes belong to their outer class). */
    static final class TopLevelClasses implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            if (!javaClass.getPackageName().startsWith(ROOT)) {
                return SliceIdentifier.ignore();
            }
            String name = javaClass.getName();
            int nested = name.indexOf('$');
            return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
        }

        @Override
        public String getDescription() {
            return "top-level classes of " + ROOT;
        }
    }
}
