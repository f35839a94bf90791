package dev.checkstand;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The module structure of DESIGN.md, checked: modules use only each other's APIs, and the APIs stay small. */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(CheckstandApplication.class);

    @Test
    void modulesOnlyUseEachOthersApis() {
        MODULES.verify();
    }

    @Test
    void platformDependsOnNoBusinessModule() {
        assertThat(dependencies("platform")).isSubsetOf("common");
    }

    @Test
    void paymentsApiIsAtMostTenTypesAndItsGatewayIsANamedInterface() {
        ApplicationModule payment = MODULES.getModuleByName("payment").orElseThrow();

        assertThat(publicTopLevel(payment)).hasSizeLessThanOrEqualTo(10);
        assertThat(payment.getNamedInterfaces().getByName("gateway")).isPresent();
    }

    @Test
    void theInboxKnowsNoBusinessModule() {
        assertThat(dependencies("inbox")).isSubsetOf("common", "platform");
    }

    /** Writes the module diagrams and canvases (PlantUML, AsciiDoc) to target/spring-modulith-docs. */
    @Test
    void writesTheModuleDocumentation() {
        new Documenter(MODULES).writeDocumentation();
    }

    // The modules a module uses directly; common (shared values: money, ids, problems) is no business module.
    private static java.util.List<String> dependencies(String module) {
        return MODULES.getModuleByName(module).orElseThrow().getDirectDependencies(MODULES).uniqueModules()
                .map(dependency -> dependency.getIdentifier().toString())
                .toList();
    }

    private static java.util.List<String> publicTopLevel(ApplicationModule module) {
        return module.getNamedInterfaces().getUnnamedInterface().asJavaClasses()
                .filter(type -> type.getModifiers().contains(JavaModifier.PUBLIC) && type.isTopLevelClass())
                .map(JavaClass::getSimpleName)
                .toList();
    }
}
