package io.rcsync.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Core is pure: it reaches the world only through its ports (hexagonal rule, as in buckpal). */
class ArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.rcsync.core");
  }

  @Test
  void coreDoesNotTalkHttp() {
    noClasses().that().resideInAPackage("io.rcsync.core..")
        .should().dependOnClassesThat().resideInAPackage("java.net.http..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
        .check(core);
  }

  @Test
  void coreStartsNoProcesses() {
    DescribedPredicate<JavaMethodCall> runtimeExec = new DescribedPredicate<>("Runtime.exec") {
      @Override
      public boolean test(JavaMethodCall call) {
        return call.getTargetOwner().isEquivalentTo(Runtime.class) && call.getName().equals("exec");
      }
    };
    noClasses().that().resideInAPackage("io.rcsync.core..")
        .should().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
        .orShould().callMethodWhere(runtimeExec)
        .check(core);
  }

  @Test
  void onlyTheConfigPackageUsesJackson() {
    noClasses().that().resideInAPackage("io.rcsync.core..").and().resideOutsideOfPackage("io.rcsync.core.config..")
        .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
        .check(core);
  }

  @Test
  void coreKnowsNoAdapterRetryLibraryCliOrTestkit() {
    noClasses().that().resideInAPackage("io.rcsync.core..")
        .should().dependOnClassesThat().resideInAnyPackage("io.github.resilience4j..", "io.rcsync.http..", "io.rcsync.ringcentral..",
            "io.rcsync.salesforce..", "io.rcsync.cli..", "io.rcsync.testkit..")
        .check(core);
  }

  @Test
  void domainDependsOnlyOnTheJdkAndItself() {
    classes().that().resideInAPackage("io.rcsync.core.domain..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.rcsync.core.domain..")
        .check(core);
  }

  @Test
  void sharedHelpersDependOnlyOnTheJdk() {
    classes().that().resideInAPackage("io.rcsync.core.support..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.rcsync.core.support..")
        .check(core);
  }

  @Test
  void portsDoNotDependOnServices() {
    noClasses().that().resideInAPackage("io.rcsync.core.port..")
        .should().dependOnClassesThat().resideInAPackage("io.rcsync.core.service..")
        .check(core);
  }
}
