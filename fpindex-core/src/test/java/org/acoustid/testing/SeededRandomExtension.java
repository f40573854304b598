package org.acoustid.testing;

import java.lang.reflect.Method;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Supplies each test with a {@link Random} or {@link SplittableRandom} derived from one seed, and
 * on failure prints the one-line command that replays the test with that seed.
 *
 * <p>The seed is {@code -Dtests.seed=HEX} when given, otherwise a fresh one per test. Each test
 * method gets its own generator, derived from the seed and the method name, so one test's draws
 * never shift another's. Code that starts threads should derive one generator per thread from the
 * injected one ({@code random.nextLong()}), never share it.
 *
 * <p>Iteration counts scale with {@code -Dtests.multiplier} through {@link #atLeast(Random, int)}.
 */
public final class SeededRandomExtension implements ParameterResolver, TestWatcher {
  /** System property holding the seed, as hexadecimal. */
  public static final String SEED_PROPERTY = "tests.seed";

  /** System property scaling {@link #atLeast(Random, int)}; default 1. */
  public static final String MULTIPLIER_PROPERTY = "tests.multiplier";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SeededRandomExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Random.class || type == SplittableRandom.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    long seed = seedOf(context);
    long derived = mix(seed ^ context.getRequiredTestMethod().getName().hashCode());
    return parameter.getParameter().getType() == Random.class
        ? new Random(derived)
        : new SplittableRandom(derived);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Long seed = context.getStore(NAMESPACE).get(context.getUniqueId(), Long.class);
    if (seed == null) {
      return; // the test took no random parameter: nothing to replay
    }
    System.err.println(
        reproduceCommand(context.getRequiredTestClass(), context.getRequiredTestMethod(), seed));
  }

  /** The command that replays {@code method} of {@code testClass} with {@code seed}. */
  public static String reproduceCommand(Class<?> testClass, Method method, long seed) {
    return "REPRODUCE WITH: ./mvnw -pl "
        + moduleOf(testClass)
        + " -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest="
        + testClass.getSimpleName()
        + "#"
        + method.getName()
        + " -D"
        + SEED_PROPERTY
        + "="
        + Long.toHexString(seed);
  }

  /** {@code n} scaled by {@code -Dtests.multiplier}, plus up to half again at random. */
  public static int atLeast(Random random, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got n=" + n);
    }
    int multiplier = Integer.getInteger(MULTIPLIER_PROPERTY, 1);
    int scaled = Math.multiplyExact(n, Math.max(1, multiplier));
    return scaled + random.nextInt(scaled / 2 + 1);
  }

  private static long seedOf(ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .computeIfAbsent(context.getUniqueId(), key -> initialSeed(), Long.class);
  }

  private static long initialSeed() {
    String given = System.getProperty(SEED_PROPERTY);
    if (given == null || given.isBlank()) {
      return new SplittableRandom().nextLong();
    }
    try {
      return Long.parseUnsignedLong(given.trim(), 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          SEED_PROPERTY + " must be hexadecimal, got " + SEED_PROPERTY + "=" + given, e);
    }
  }

  /** SplitMix64 finalizer: neighbouring inputs give unrelated seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static String moduleOf(Class<?> testClass) {
    // target/test-classes lives under the module directory; fall back to the reactor root
    try {
      var location = testClass.getProtectionDomain().getCodeSource().getLocation();
      var path = java.nio.file.Path.of(location.toURI());
      while (path != null && path.getFileName() != null) {
        if (path.getFileName().toString().equals("target") && path.getParent() != null) {
          return path.getParent().getFileName().toString();
        }
        path = path.getParent();
      }
    } catch (Exception e) {
      // unknown layout (IDE, jar): the generic command still works from the module directory
    }
    return ".";
  }
}
