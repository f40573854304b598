package org.acoustid.fpindex.server;

/** Index names: 1 to 255 characters of {@code [A-Za-z0-9_-]}. */
final class IndexNames {
  static final int MAX_LENGTH = 255;

  private IndexNames() {}

  static boolean isValid(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (ok == false) {
        return false;
      }
    }
    return true;
  }
}
