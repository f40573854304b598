package org.acoustid.fpindex.server.api;

import org.acoustid.fpindex.server.codec.BodyFormat;
import org.acoustid.fpindex.server.codec.BodyObject;

/** Body of {@code PUT /:index/:id}: {@code {"hashes": [u32]}}. */
public record PutFingerprintBody(int[] hashes) {
  public static PutFingerprintBody parse(Object node, BodyFormat format) {
    BodyObject body = BodyObject.of(node, format, "fingerprint", "hashes");
    return new PutFingerprintBody(body.u32Array("hashes"));
  }
}
