package org.acoustid.chromaprint;

/**
 * One of the 16 classifiers of an algorithm: a Haar-like filter {@code (type, y, h, w)} over the
 * integral image of chroma rows, and three thresholds that quantise its value to a 2-bit Gray code.
 */
record Classifier(int type, int y, int h, int w, double t0, double t1, double t2) {
  private static final int[] GRAY = {0, 1, 3, 2};

  /** The Gray code of the filter value at row offset {@code x}. */
  int code(IntegralImage image, int x) {
    double a;
    double b;
    switch (type) {
      case 0 -> {
        a = image.area(x, y, x + w, y + h);
        b = 0;
      }
      case 1 -> {
        a = image.area(x, y + h / 2, x + w, y + h);
        b = image.area(x, y, x + w, y + h / 2);
      }
      case 2 -> {
        a = image.area(x + w / 2, y, x + w, y + h);
        b = image.area(x, y, x + w / 2, y + h);
      }
      case 3 -> {
        a = image.area(x, y + h / 2, x + w / 2, y + h) + image.area(x + w / 2, y, x + w, y + h / 2);
        b = image.area(x, y, x + w / 2, y + h / 2) + image.area(x + w / 2, y + h / 2, x + w, y + h);
      }
      case 4 -> {
        a = image.area(x, y + h / 3, x + w, y + 2 * (h / 3));
        b = image.area(x, y, x + w, y + h / 3) + image.area(x, y + 2 * (h / 3), x + w, y + h);
      }
      case 5 -> {
        a = image.area(x + w / 3, y, x + 2 * (w / 3), y + h);
        b = image.area(x, y, x + w / 3, y + h) + image.area(x + 2 * (w / 3), y, x + w, y + h);
      }
      default -> throw new IllegalStateException("filter type " + type);
    }
    double v = Math.log((1.0 + a) / (1.0 + b));
    int q = v < t1 ? (v < t0 ? 0 : 1) : (v < t2 ? 2 : 3);
    return GRAY[q];
  }

  /** Classifier table T1 (algorithm TEST1). */
  static final Classifier[] TABLE_T1 = {
    new Classifier(0, 0, 3, 15, 2.10543, 2.45354, 2.69414),
    new Classifier(1, 0, 4, 14, -0.345922, 0.0463746, 0.446251),
    new Classifier(1, 4, 4, 11, -0.392132, 0.0291077, 0.443391),
    new Classifier(3, 0, 4, 14, -0.192851, 0.00583535, 0.204053),
    new Classifier(2, 8, 2, 4, -0.0771619, -0.00991999, 0.0575406),
    new Classifier(5, 6, 2, 15, -0.710437, -0.518954, -0.330402),
    new Classifier(1, 9, 2, 16, -0.353724, -0.0189719, 0.289768),
    new Classifier(3, 4, 2, 10, -0.128418, -0.0285697, 0.0591791),
    new Classifier(3, 9, 2, 16, -0.139052, -0.0228468, 0.0879723),
    new Classifier(2, 1, 3, 6, -0.133562, 0.00669205, 0.155012),
    new Classifier(3, 3, 6, 2, -0.0267, 0.00804829, 0.0459773),
    new Classifier(2, 8, 1, 10, -0.0972417, 0.0152227, 0.129003),
    new Classifier(3, 4, 4, 14, -0.141434, 0.00374515, 0.149935),
    new Classifier(5, 4, 2, 15, -0.64035, -0.466999, -0.285493),
    new Classifier(5, 9, 2, 3, -0.322792, -0.254258, -0.174278),
    new Classifier(2, 1, 8, 4, -0.0741375, -0.00590933, 0.0600357),
  };

  /** Classifier table T2 (TEST2, the default, and TEST3..TEST5). */
  static final Classifier[] TABLE_T2 = {
    new Classifier(0, 4, 3, 15, 1.98215, 2.35817, 2.63523),
    new Classifier(4, 4, 6, 15, -1.03809, -0.651211, -0.282167),
    new Classifier(1, 0, 4, 16, -0.298702, 0.119262, 0.558497),
    new Classifier(3, 8, 2, 12, -0.105439, 0.0153946, 0.135898),
    new Classifier(3, 4, 4, 8, -0.142891, 0.0258736, 0.200632),
    new Classifier(4, 0, 3, 5, -0.826319, -0.590612, -0.368214),
    new Classifier(1, 2, 2, 9, -0.557409, -0.233035, 0.0534525),
    new Classifier(2, 7, 3, 4, -0.0646826, 0.00620476, 0.0784847),
    new Classifier(2, 6, 2, 16, -0.192387, -0.029699, 0.215855),
    new Classifier(2, 1, 3, 2, -0.0397818, -0.00568076, 0.0292026),
    new Classifier(5, 10, 1, 15, -0.53823, -0.369934, -0.190235),
    new Classifier(3, 6, 2, 10, -0.124877, 0.0296483, 0.139239),
    new Classifier(2, 1, 1, 14, -0.101475, 0.0225617, 0.231971),
    new Classifier(3, 5, 6, 4, -0.0799915, -0.00729616, 0.063262),
    new Classifier(1, 9, 2, 12, -0.272556, 0.019424, 0.302559),
    new Classifier(3, 4, 2, 14, -0.164292, -0.0321188, 0.0846339),
  };
}
