package org.acoustid.benchmarks;

/** {@code --name value} flags of the benchmark commands. */
public final class CommandFlags {
  private CommandFlags() {}

  public static String flag(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  public static int intFlag(String[] args, String name, int fallback) {
    return Integer.parseInt(flag(args, name, Integer.toString(fallback)));
  }
}
