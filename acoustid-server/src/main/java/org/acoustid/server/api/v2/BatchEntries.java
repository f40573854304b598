package org.acoustid.server.api.v2;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entries of a batched request (§2.3): every parameter named {@code anchor} (the unsuffixed
 * entry) or {@code anchor.N} (N all digits) is an entry; unsuffixed first, then N ascending. An
 * entry's other parameters carry the same suffix.
 */
public final class BatchEntries {
  private BatchEntries() {}

  /** One entry: its parameter suffix and, for suffixed entries, its index as written. */
  public record Entry(String suffix, String index) {
    public String name(String parameter) {
      return parameter + suffix;
    }
  }

  private static final Pattern SUFFIXED = Pattern.compile("(.+)\\.(\\d+)");

  public static List<Entry> of(Set<String> parameterNames, String... anchors) {
    boolean unsuffixed = false;
    TreeSet<java.math.BigInteger> numbers = new TreeSet<>();
    java.util.Map<java.math.BigInteger, String> written = new java.util.HashMap<>();
    for (String name : parameterNames) {
      for (String anchor : anchors) {
        if (name.equals(anchor)) {
          unsuffixed = true;
        }
        Matcher m = SUFFIXED.matcher(name);
        if (m.matches() && m.group(1).equals(anchor)) {
          java.math.BigInteger n = new java.math.BigInteger(m.group(2));
          numbers.add(n);
          written.putIfAbsent(n, m.group(2));
        }
      }
    }
    List<Entry> entries = new ArrayList<>();
    if (unsuffixed) {
      entries.add(new Entry("", null));
    }
    for (java.math.BigInteger n : numbers) {
      entries.add(new Entry("." + written.get(n), written.get(n)));
    }
    return entries;
  }
}
