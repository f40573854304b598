package org.acoustid.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

@Seeded
class SeededRandomExtensionTest {
  @Test
  void injectsGeneratorsThatDifferAcrossSeeds(Random a, SplittableRandom b) {
    // two draws of 64 bits each agreeing by chance would be a 2^-64 event
    assertThat(a.nextLong()).isNotEqualTo(b.nextLong());
  }

  @Test
  void reproduceCommandNamesModuleTestAndSeed() throws Exception {
    var method =
        SeededRandomExtensionTest.class.getDeclaredMethod("reproduceCommandNamesModuleTestAndSeed");
    String command =
        SeededRandomExtension.reproduceCommand(SeededRandomExtensionTest.class, method, 0xabcL);
    assertThat(command)
        .contains("-pl fpindex-core ")
        .contains("-Dtest=SeededRandomExtensionTest#reproduceCommandNamesModuleTestAndSeed")
        .endsWith("-Dtests.seed=abc");
  }

  @Test
  void atLeastNeverGoesBelowTheFloor(Random random) {
    int multiplier = Math.max(1, Integer.getInteger(SeededRandomExtension.MULTIPLIER_PROPERTY, 1));
    for (int n = 1; n < 200; n++) {
      int got = SeededRandomExtension.atLeast(random, n);
      int scaled = n * multiplier;
      assertThat(got).isBetween(scaled, scaled + scaled / 2);
    }
    assertThatThrownBy(() -> SeededRandomExtension.atLeast(random, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n=0");
  }
}
