package org.acoustid.chromaprint;

/**
 * The five fingerprinting algorithms of Chromaprint; {@link #id()} is the C enum value and the
 * compressed format's header byte. Only {@link #TEST2} (the default) matters for AcoustID.
 */
public enum Algorithm {
  TEST1(0, 4096, 1365, Classifier.TABLE_T1, false),
  TEST2(1, 4096, 1365, Classifier.TABLE_T2, false),
  /** Frames do not overlap. */
  TEST3(2, 4096, 4096, Classifier.TABLE_T2, false),
  /** Drops leading silence first. */
  TEST4(3, 4096, 1365, Classifier.TABLE_T2, true),
  TEST5(4, 2048, 1024, Classifier.TABLE_T2, false);

  public static final Algorithm DEFAULT = TEST2;

  private final int id;
  final int frameSize;
  final int hop;
  final Classifier[] classifiers;
  final boolean removesLeadingSilence;

  Algorithm(
      int id, int frameSize, int hop, Classifier[] classifiers, boolean removesLeadingSilence) {
    this.id = id;
    this.frameSize = frameSize;
    this.hop = hop;
    this.classifiers = classifiers;
    this.removesLeadingSilence = removesLeadingSilence;
  }

  public int id() {
    return id;
  }

  /** The algorithm with C enum value {@code id}. */
  public static Algorithm ofId(int id) {
    for (Algorithm a : values()) {
      if (a.id == id) {
        return a;
      }
    }
    throw new IllegalArgumentException("algorithm must be in [0, 4], got algorithm=" + id);
  }
}
