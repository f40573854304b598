package org.acoustid.fpindex.server.api;

import org.acoustid.fpindex.server.codec.BodyWriter;

/** {@code {}}: the answer of single-fingerprint writes (not the version, as upstream). */
public enum EmptyResponse implements ResponseBody {
  INSTANCE;

  @Override
  public void writeTo(BodyWriter writer) {
    writer.beginMap(0).endMap();
  }
}
