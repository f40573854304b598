package org.acoustid.chromaprint.jna;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The C API of libchromaprint (1.5.1 and later), as a JNA interface mapping: symbols are looked up
 * on first call, so functions missing from 1.5.1 ({@code chromaprint_get_algorithm}) do not break
 * loading. Use {@link NativeChromaprint}, which enforces the memory and call-order rules.
 */
public interface ChromaprintLibrary extends Library {
  String chromaprint_get_version();

  Pointer chromaprint_new(int algorithm);

  void chromaprint_free(Pointer ctx);

  int chromaprint_start(Pointer ctx, int sampleRate, int numChannels);

  int chromaprint_feed(Pointer ctx, short[] data, int size);

  int chromaprint_finish(Pointer ctx);

  int chromaprint_get_fingerprint(Pointer ctx, PointerByReference fingerprint);

  int chromaprint_get_raw_fingerprint(
      Pointer ctx, PointerByReference fingerprint, IntByReference size);

  int chromaprint_get_fingerprint_hash(Pointer ctx, IntByReference hash);

  void chromaprint_dealloc(Pointer ptr);
}
