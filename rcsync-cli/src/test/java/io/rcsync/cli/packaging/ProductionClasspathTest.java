package io.rcsync.cli.packaging;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Test support stays off the CLI's production classpath: its own classes, and the fakes and simulators that the
 * demo runs, use no contract suite, test framework, mocking or HTTP stubbing library.
 */
class ProductionClasspathTest {
  private static final String[] TEST_ONLY = {"io.rcsync.testkit.contract..", "org.junit..", "org.assertj..",
      "org.mockito..", "net.bytebuddy..", "com.github.tomakehurst..", "org.wiremock.."};

  @Test
  void cliProductionCodeUsesNoTestSupport() {
    JavaClasses cli = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.rcsync.cli");
    noClasses().that().resideInAPackage("io.rcsync.cli..")
        .should().dependOnClassesThat().resideInAnyPackage(TEST_ONLY)
        .check(cli);
  }

  @Test
  void theFakesAndSimulatorsTheDemoRunsUseNoTestSupport() {
    JavaClasses runtimeTestkit = new ClassFileImporter()
        .importPackages("io.rcsync.testkit.fake", "io.rcsync.testkit.fixtures", "io.rcsync.testkit.demo",
            "io.rcsync.testkit.sim");
    noClasses().that().resideInAnyPackage("io.rcsync.testkit.fake..", "io.rcsync.testkit.fixtures..",
            "io.rcsync.testkit.demo..", "io.rcsync.testkit.sim..")
        .should().dependOnClassesThat().resideInAnyPackage(TEST_ONLY)
        .check(runtimeTestkit);
  }
}
