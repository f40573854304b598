package org.acoustid.fpindex.server.api;

import org.acoustid.fpindex.server.codec.BodyWriter;

/** A response object that can write itself in either encoding. */
public interface ResponseBody {
  void writeTo(BodyWriter writer);
}
