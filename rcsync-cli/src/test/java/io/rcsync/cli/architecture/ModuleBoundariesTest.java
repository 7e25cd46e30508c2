package io.rcsync.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rules across modules, checked here because the CLI's test classpath holds every module's production classes
 * (as buckpal's DependencyRuleTests keeps adapters apart; core's own ArchitectureTest keeps core pure).
 */
class ModuleBoundariesTest {
  /** The root package of each module. */
  private static final List<String> MODULES = List.of("core", "http", "ringcentral", "salesforce", "cli", "testkit");
  /** Production packages: everything but the testkit's contract suites. */
  private static final String[] PRODUCTION = {"io.rcsync.core..", "io.rcsync.http..", "io.rcsync.ringcentral..",
      "io.rcsync.salesforce..", "io.rcsync.cli..", "io.rcsync.testkit.fake..", "io.rcsync.testkit.fixtures..",
      "io.rcsync.testkit.demo..", "io.rcsync.testkit.sim.."};
  /** What belongs on a test classpath only. */
  private static final String[] TEST_SUPPORT = {"io.rcsync.testkit.contract..", "org.junit..", "org.assertj..",
      "org.mockito..", "com.github.tomakehurst..", "org.wiremock.."};

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.rcsync..");
  }

  @Test
  void everyModuleIsImported() {
    for (String module : MODULES) {
      assertThat(production.containPackage("io.rcsync." + module))
          .as("classes of io.rcsync.%s on the test classpath", module).isTrue();
    }
  }

  /**
   * No module has an {@code internal} package today (the adapters keep their plumbing package-private); this guards
   * the day one is added. The rule selects every class outside the module, so it never runs on an empty set.
   */
  @ParameterizedTest(name = "nothing outside io.rcsync.{0} uses its internal package")
  @ValueSource(strings = {"core", "http", "ringcentral", "salesforce", "cli", "testkit"})
  void noModuleUsesAnotherModulesInternals(String module) {
    String root = "io.rcsync." + module;
    noClasses().that().resideOutsideOfPackage(root + "..")
        .should().dependOnClassesThat().resideInAPackage(root + "..internal..")
        .because("an internal package is its module's business, not API")
        .check(production);
  }

  @Test
  void productionCodeNeverDependsOnTestSupport() {
    noClasses().that().resideInAnyPackage(PRODUCTION)
        .should().dependOnClassesThat().resideInAnyPackage(TEST_SUPPORT)
        .because("test support must never be needed on a production classpath")
        .check(production);
  }

  /**
   * No two packages depend on each other, without exception. The adapters' HTTP plumbing is package-private inside
   * {@code io.rcsync.ringcentral} and {@code io.rcsync.salesforce} rather than in {@code internal} sub-packages that
   * read their module's public config and were read by it.
   */
  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("io.rcsync.(**)").should().beFreeOfCycles()
        .check(production);
  }

  /**
   * The CLI's packages by role (docs/architecture.md): verbs on top; wiring and the local file stores at the bottom;
   * output, the demo worlds and scheduling in between. Only {@code command} sees everything.
   */
  @Test
  void cliPackagesDependOnlyDownwards() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("main").definedBy("io.rcsync.cli")
        .layer("command").definedBy("io.rcsync.cli.command..")
        .layer("output").definedBy("io.rcsync.cli.output..")
        .layer("demo").definedBy("io.rcsync.cli.demo..")
        .layer("schedule").definedBy("io.rcsync.cli.schedule..")
        .layer("wiring").definedBy("io.rcsync.cli.wiring..")
        .layer("store").definedBy("io.rcsync.cli.store..")
        .layer("serve").definedBy("io.rcsync.cli.serve..")
        .whereLayer("main").mayNotBeAccessedByAnyLayer()
        .whereLayer("command").mayOnlyBeAccessedByLayers("main")
        .whereLayer("output").mayOnlyBeAccessedByLayers("command")
        .whereLayer("demo").mayOnlyBeAccessedByLayers("command")
        .whereLayer("schedule").mayOnlyBeAccessedByLayers("command")
        .whereLayer("wiring").mayOnlyBeAccessedByLayers("main", "command", "demo")
        .whereLayer("serve").mayOnlyBeAccessedByLayers("command")
        .whereLayer("store").mayOnlyBeAccessedByLayers("command", "output", "demo", "schedule")
        .check(production);
  }
}
