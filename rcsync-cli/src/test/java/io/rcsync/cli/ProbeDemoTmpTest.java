package io.rcsync.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeDemoTmpTest {
  @TempDir
  Path dir;

  @Test
  void probe() throws Exception {
    TestWorld w = new TestWorld(dir);
    TestWorld.Result r = w.run("demo", "--dir", "demo");
    java.nio.file.Files.writeString(Path.of("/tmp/mendops/demo-probe.txt"), r.toString());
  }
}
