package org.acoustid.fpindex.segment;

/**
 * Whether the engine's hot loops use the Vector API: when the JVM was started with {@code
 * --add-modules jdk.incubator.vector} and {@code -Dfpindex.scalar=true} is not set. The classes
 * that use the API are loaded only then; their scalar twins give the same results.
 */
public final class VectorSupport {
  public static final boolean ENABLED =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && Boolean.getBoolean("fpindex.scalar") == false;

  private VectorSupport() {}
}
