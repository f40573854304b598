package org.acoustid.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose tests take their randomness from one reproducible seed.
 *
 * <p>Test methods declare a {@link java.util.Random} or {@link java.util.SplittableRandom}
 * parameter; see {@link SeededRandomExtension} for where the seed comes from and how a failure
 * prints the command that replays it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SeededRandomExtension.class)
public @interface Seeded {}
