package io.payments.tools;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layers of the main code, checked on every build (as Kafka's import-control does): the
 * ledger's rules depend on nothing but Java; no service depends on the tools, the local pipeline,
 * the embedded runtime or the test kit; the tools depend on the services, never the reverse.
 */
class LayeringTest {

    private static final String[] SERVICES = {"io.payments.schemas..", "io.payments.ledger..", "io.payments.producer..",
            "io.payments.processor..", "io.payments.sink..", "io.payments.reconcile..", "io.payments.app.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.payments");

    @Test
    void theLedgerDependsOnlyOnJava() {
        classes().that().resideInAPackage("io.payments.ledger..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.payments.ledger..")
                .check(MAIN);
    }

    @Test
    void noServiceDependsOnTheToolsTheLocalPipelineTheEmbeddedRuntimeOrTheTestKit() {
        noClasses().that().resideInAnyPackage(SERVICES)
                .should().dependOnClassesThat().resideInAnyPackage("io.payments.tools..", "io.payments.local..",
                        "io.payments.runtime..", "io.payments.testkit..")
                .check(MAIN);
    }

    @Test
    void theLocalPipelineDependsOnNoTool() {
        noClasses().that().resideInAPackage("io.payments.local..")
                .should().dependOnClassesThat().resideInAnyPackage("io.payments.tools..", "io.payments.app..",
                        "io.payments.reconcile..")
                .check(MAIN);
    }
}
