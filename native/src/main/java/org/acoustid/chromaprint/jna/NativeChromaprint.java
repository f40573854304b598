package org.acoustid.chromaprint.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import org.acoustid.chromaprint.Algorithm;
import org.acoustid.chromaprint.Fingerprinter;

/**
 * libchromaprint through JNA, as a {@link Fingerprinter}: the native reference for the pure-Java
 * engine and the speed baseline of its benchmark.
 *
 * <p>Guards against the 1.5.1 hazards: {@code feed} before {@code start} is refused (the library
 * would read an uninitialised channel count), samples are only ever passed in whole frames (a
 * partial frame aborts the process in 1.5.1, so the remainder is kept and completed by the next
 * call), native strings and arrays are copied and released with {@code chromaprint_dealloc} in
 * {@code finally}, and context creation and release are serialised (not reentrant with FFTW).
 *
 * <p>Owns one native context: call {@link #close()}; a {@link Cleaner} frees it if the object is
 * dropped without closing. Not thread-safe.
 */
public final class NativeChromaprint implements Fingerprinter, AutoCloseable {
  private static final Object LIFECYCLE = new Object();
  private static final Cleaner CLEANER = Cleaner.create();
  private static volatile ChromaprintLibrary library;

  private final Algorithm algorithm;
  private final Pointer context;
  private final Cleaner.Cleanable cleanable;
  private int channels;
  private short[] partial = new short[0];
  private boolean started;
  private boolean closed;

  public NativeChromaprint(Algorithm algorithm) {
    this.algorithm = algorithm;
    ChromaprintLibrary lib = library();
    synchronized (LIFECYCLE) {
      context = lib.chromaprint_new(algorithm.id());
    }
    if (context == null) {
      throw new IllegalStateException("chromaprint_new(" + algorithm.id() + ") returned NULL");
    }
    Pointer ctx = context;
    cleanable =
        CLEANER.register(
            this,
            () -> {
              synchronized (LIFECYCLE) {
                lib.chromaprint_free(ctx);
              }
            });
  }

  /**
   * The loaded library; a clear {@link UnsatisfiedLinkError} naming the package that provides it
   * when it is missing.
   */
  public static ChromaprintLibrary library() {
    ChromaprintLibrary lib = library;
    if (lib == null) {
      synchronized (LIFECYCLE) {
        if (library == null) {
          try {
            library = Native.load("chromaprint", ChromaprintLibrary.class);
          } catch (UnsatisfiedLinkError e) {
            UnsatisfiedLinkError clear =
                new UnsatisfiedLinkError(
                    "libchromaprint not found: install the Debian/Ubuntu package libchromaprint1"
                        + " (apt-get install libchromaprint1) or Homebrew's chromaprint (brew install chromaprint)");
            clear.initCause(e);
            throw clear;
          }
        }
        lib = library;
      }
    }
    return lib;
  }

  /** The library's version string ("1.5.1" on Debian 12). */
  public static String version() {
    return library().chromaprint_get_version();
  }

  @Override
  public Algorithm algorithm() {
    return algorithm;
  }

  @Override
  public void start(int sampleRate, int channels) {
    ensureOpen();
    if (sampleRate <= 1000) {
      throw new IllegalArgumentException(
          "sampleRate must be > 1000 for libchromaprint, got sampleRate=" + sampleRate);
    }
    if (channels <= 0) {
      throw new IllegalArgumentException("channels must be >= 1, got channels=" + channels);
    }
    check(library.chromaprint_start(context, sampleRate, channels), "chromaprint_start");
    this.channels = channels;
    this.partial = new short[0];
    started = true;
  }

  @Override
  public void feed(short[] pcm, int offset, int length) {
    ensureOpen();
    if (started == false) {
      throw new IllegalStateException("feed before start");
    }
    java.util.Objects.checkFromIndexSize(offset, length, pcm.length);
    short[] joined;
    if (partial.length == 0) {
      joined =
          offset == 0 && length == pcm.length
              ? pcm
              : Arrays.copyOfRange(pcm, offset, offset + length);
    } else {
      joined = new short[partial.length + length];
      System.arraycopy(partial, 0, joined, 0, partial.length);
      System.arraycopy(pcm, offset, joined, partial.length, length);
    }
    int whole = joined.length - joined.length % channels; // never a partial frame: 1.5.1 aborts
    if (whole > 0) {
      check(library.chromaprint_feed(context, joined, whole), "chromaprint_feed");
    }
    partial = Arrays.copyOfRange(joined, whole, joined.length);
  }

  @Override
  public void finish() {
    ensureOpen();
    if (started == false) {
      throw new IllegalStateException("finish before start");
    }
    check(library.chromaprint_finish(context), "chromaprint_finish");
  }

  @Override
  public int[] rawFingerprint() {
    ensureOpen();
    PointerByReference out = new PointerByReference();
    IntByReference size = new IntByReference();
    check(
        library.chromaprint_get_raw_fingerprint(context, out, size),
        "chromaprint_get_raw_fingerprint");
    Pointer p = out.getValue();
    try {
      return size.getValue() == 0 || p == null ? new int[0] : p.getIntArray(0, size.getValue());
    } finally {
      library.chromaprint_dealloc(p);
    }
  }

  @Override
  public String fingerprint() {
    ensureOpen();
    PointerByReference out = new PointerByReference();
    check(library.chromaprint_get_fingerprint(context, out), "chromaprint_get_fingerprint");
    Pointer p = out.getValue();
    try {
      return p.getString(0, "US-ASCII");
    } finally {
      library.chromaprint_dealloc(p);
    }
  }

  @Override
  public int simhash() {
    ensureOpen();
    IntByReference hash = new IntByReference();
    check(
        library.chromaprint_get_fingerprint_hash(context, hash),
        "chromaprint_get_fingerprint_hash");
    return hash.getValue();
  }

  @Override
  public void close() {
    if (closed == false) {
      closed = true;
      cleanable.clean();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("NativeChromaprint is closed");
    }
  }

  private static void check(int result, String function) {
    if (result != 1) {
      throw new IllegalStateException(function + " failed (returned " + result + ")");
    }
  }
}
