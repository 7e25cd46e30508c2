package io.rcsync.cli.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped jar ({@code target/rcsync.jar}, built by the shade plugin at {@code package}) carries what the CLI
 * runs and no test support: no contract suites, no test frameworks, and no class that refers to one.
 * Runs under failsafe, after {@code package}.
 */
class ShadedJarIT {
  /** Test-only code, as jar entry prefixes: packages of test frameworks, mocking, HTTP stubbing and contract suites. */
  private static final List<String> TEST_ONLY = List.of("org/junit/", "org/assertj/", "org/mockito/",
      "net/bytebuddy/", "com/github/tomakehurst/", "org/wiremock/", "io/rcsync/testkit/contract/");

  private static JarFile jar;

  @BeforeAll
  static void openJar() throws IOException {
    Path path = Path.of(System.getProperty("rcsync.jar", "target/rcsync.jar"));
    assertThat(path).as("the shaded jar; run after package (mvn verify)").isRegularFile();
    jar = new JarFile(path.toFile());
  }

  @AfterAll
  static void closeJar() throws IOException {
    if (jar != null) {
      jar.close();
    }
  }

  @Test
  void carriesNoContractSuites() {
    assertThat(entriesUnder("io/rcsync/testkit/contract/")).isEmpty();
  }

  @Test
  void carriesNoTestFrameworkClasses() {
    for (String prefix : TEST_ONLY) {
      assertThat(entriesUnder(prefix)).as("entries under %s", prefix).isEmpty();
    }
  }

  @Test
  void noClassInTheJarRefersToTestOnlyCode() throws IOException {
    Map<String, Set<String>> offenders = new TreeMap<>();
    int scanned = 0;
    for (JarEntry entry : jar.stream().toList()) {
      if (!entry.getName().endsWith(".class")) {
        continue;
      }
      scanned++;
      try (InputStream in = jar.getInputStream(entry)) {
        TreeSet<String> hits = ClassFileReferences.mentionsOf(in.readAllBytes(), TEST_ONLY);
        if (!hits.isEmpty()) {
          offenders.put(entry.getName(), hits);
        }
      }
    }
    assertThat(scanned).as("class files scanned").isGreaterThan(1000);
    assertThat(offenders).as("classes in rcsync.jar that refer to test-only code").isEmpty();
  }

  /** Negative control: the scanner above does see a reference to JUnit when a class has one. */
  @Test
  void theScannerReportsAClassThatRefersToJUnit() throws IOException {
    byte[] thisTest;
    try (InputStream in = ShadedJarIT.class.getResourceAsStream("ShadedJarIT.class")) {
      thisTest = in.readAllBytes();
    }
    assertThat(ClassFileReferences.mentionsOf(thisTest, TEST_ONLY))
        .contains("Lorg/junit/jupiter/api/Test;", "org/assertj/core/api/Assertions");
  }

  /** Negative control: a contract suite, what the jar used to carry, is reported for its JUnit and AssertJ use. */
  @Test
  void theScannerReportsAContractSuite() throws IOException {
    byte[] contract;
    try (InputStream in = ClassLoader.getSystemResourceAsStream("io/rcsync/testkit/contract/NoteSinkContract.class")) {
      assertThat(in).as("NoteSinkContract on the test classpath (rcsync-testkit, test scope)").isNotNull();
      contract = in.readAllBytes();
    }
    assertThat(ClassFileReferences.mentionsOf(contract, TEST_ONLY))
        .anyMatch(name -> name.contains("org/junit/"))
        .anyMatch(name -> name.contains("org/assertj/"));
  }

  @Test
  void stillCarriesWhatTheDemoRuns() {
    assertThat(jar.getEntry("io/rcsync/cli/Main.class")).as("Main").isNotNull();
    assertThat(jar.getEntry("io/rcsync/testkit/demo/DemoBackends.class")).as("in-memory demo").isNotNull();
    assertThat(jar.getEntry("io/rcsync/testkit/fake/InMemoryNotes.class")).as("fakes").isNotNull();
    assertThat(jar.getEntry("io/rcsync/testkit/sim/ringcentral/RingCentralSimulator.class"))
        .as("RingCentral simulator").isNotNull();
    assertThat(jar.getEntry("io/rcsync/testkit/sim/salesforce/SalesforceSimulator.class"))
        .as("Salesforce simulator").isNotNull();
  }

  @Test
  void startsAtMain() throws IOException {
    assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.rcsync.cli.Main");
  }

  /** Entries under a path prefix, including the Java-version-specific copies of a multi-release jar. */
  private static List<String> entriesUnder(String prefix) {
    return jar.stream().map(JarEntry::getName)
        .filter(name -> name.replaceFirst("^META-INF/versions/\\d+/", "").startsWith(prefix))
        .toList();
  }
}
